"""A loopback server on raw sockets, for replies no HTTP library would send: a trickle, a
stall, a lying Content-Length, a gzip bomb, a proxy that only records it was asked."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator

Answer = Callable[[socket.socket, bytes], None]


class RawServer:
    """Answers every connection on 127.0.0.1 with ``answer(conn, head)``, one thread each,
    after reading the request head; ``heads`` keeps every head it read. ``stopping`` is
    set on close, for answers that wait, so that every thread ends."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.heads: list[bytes] = []
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._threads = [threading.Thread(target=self._serve, daemon=True)]
        self._threads[0].start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                received = b""
                while b"\r\n\r\n" not in received:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    received += chunk
                head = received.split(b"\r\n\r\n", 1)[0]
                self.heads.append(head)
                self.answer(conn, head)
            except OSError:
                # The client hung up (as it should, on a deadline or a limit).
                return

    def close(self) -> None:
        self.stopping.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=10)


def header(head: bytes, name: str) -> str | None:
    """The value of one header of a request head, if present."""
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower().encode():
            return value.strip().decode("latin-1")
    return None


@contextlib.contextmanager
def unanswered_port() -> Iterator[int]:
    """A port on 127.0.0.1 whose listener never accepts and whose queue is full: a connect
    to it waits for an answer that never comes, until its own timeout."""
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listener:
        port: int = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        try:
            for filler in fillers:
                filler.settimeout(0.0)  # non-blocking
                filler.connect_ex(("127.0.0.1", port))
            yield port
        finally:
            for filler in fillers:
                filler.close()
