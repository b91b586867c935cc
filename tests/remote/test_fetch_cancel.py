"""The cancel signal the fetcher honours: once set, no request starts."""

from __future__ import annotations

import threading

from pytest_httpserver import HTTPServer

from subsync.remote.client import Client, HttpPolicy
from subsync.remote.elevenlabs import resource_request
from subsync.remote.secrets import Secret
from tests.support.helpers import INPUTS

DUB = (INPUTS / "elevenlabs_dubbing_review.json").read_bytes()


def test_no_request_starts_after_cancel_one_at_a_time(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v1/dubbing/resource/a").respond_with_data(DUB)
    requests = [resource_request(i, Secret("k"), httpserver.url_for("/")) for i in "abc"]
    cancel = threading.Event()
    got = []
    with Client(HttpPolicy(retries=0), jobs=1) as client:
        for request, body in client.fetch_all(requests, cancel):
            got.append((request.label, body))
            cancel.set()
    assert got == [("a", DUB)]
    assert [entry[0].path for entry in httpserver.log] == ["/v1/dubbing/resource/a"]


def test_a_pool_cancelled_before_it_starts_sends_nothing(httpserver: HTTPServer) -> None:
    requests = [resource_request(i, Secret("k"), httpserver.url_for("/")) for i in "abcd"]
    cancel = threading.Event()
    cancel.set()
    with Client(HttpPolicy(retries=0), jobs=4) as client:
        assert list(client.fetch_all(requests, cancel)) == []
    assert httpserver.log == []
