"""One deadline per request: when it passes, the request's sockets are shut down mid-read."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

# The watch of the request this thread is making, for the connections it opens or reuses.
_current = threading.local()


class Watch:
    """The deadline of one request (connect, headers and body together).

    A socket timeout bounds each read, so a server sending a byte now and then never trips
    it; this shuts the request's sockets down when the deadline passes (or ``expire()`` is
    called, on Ctrl-C), and the blocked read returns at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self.expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def add(self, sock: socket.socket | None) -> None:
        """Watch one more socket of this request (shut at once if the deadline has passed)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if not self.expired:
                return
        _shut(sock)

    def expire(self) -> None:
        """End the request now: every socket it uses is shut down."""
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    @contextmanager
    def running(self) -> Iterator[Watch]:
        """Make this the watch of the requests this thread makes, its timer running."""
        _current.watch = self
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.cancel()
            _current.watch = None


def _shut(sock: socket.socket) -> None:
    # OSError: already closed, or detached when TLS wrapped it (the wrapper is watched too).
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch(sock: socket.socket | None) -> None:
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.add(sock)


class _WatchedHTTPConnection(HTTPConnection):
    """A connection whose sockets join the current request's watch: the plain socket as
    soon as it exists (so a slow proxy tunnel or TLS handshake is covered), the final
    one after connecting, and the reused one on each new request."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    """The HTTPS twin: the watching above, around HTTPSConnection's TLS."""


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class WatchedAdapter(HTTPAdapter):
    """requests' adapter with every connection, direct or through a proxy, watched."""

    # requests' own signature, which an override must keep.
    def init_poolmanager(
        self,
        connections: int,
        maxsize: int,
        block: bool = False,  # noqa: FBT001, FBT002
        **pool_kwargs: Any,
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            # SOCKS pools make their own connections; those keep the per-read timeout only.
            manager.pool_classes_by_scheme = _POOLS
        return manager
