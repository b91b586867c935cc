"""The cancel signal the fetcher shares with the pipeline: once set, no request starts."""

from __future__ import annotations

import threading

from pytest_httpserver import HTTPServer

from subsync.errors import FetchError
from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from tests.support.helpers import INPUTS

DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()


def test_no_request_starts_after_cancel_one_at_a_time(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/dubbing/resource/a").respond_with_data(DUB)
    requests = [resource_request(i, Secret("k"), httpserver.url_for("/")) for i in "abc"]
    cancel = threading.Event()
    got: list[tuple[str, bytes | FetchError]] = []
    with Client(HttpPolicy(retries=0), jobs=1, cancel=cancel) as client:
        for request, body in client.fetch_all(requests):
            got.append((request.label, body))
            cancel.set()  # as the pipeline does when it is cancelled
    assert got[0] == ("a", DUB)
    # Every other id is accounted for, as not fetched, and none reached the server.
    assert [(label, str(body)) for label, body in got[1:]] == [
        ("b", "b: not fetched: interrupted"),
        ("c", "c: not fetched: interrupted"),
    ]
    assert [entry[0].path for entry in httpserver.log] == ["/v1/dubbing/resource/a"]


def test_a_pool_cancelled_before_it_starts_sends_nothing(httpserver: HTTPServer) -> None:
    requests = [resource_request(i, Secret("k"), httpserver.url_for("/")) for i in "abcd"]
    cancel = threading.Event()
    cancel.set()
    with Client(HttpPolicy(retries=0), jobs=4, cancel=cancel) as client:
        results = list(client.fetch_all(requests))
    assert all(isinstance(body, FetchError) for _, body in results)
    assert httpserver.log == []
