"""The retry decision, driven without a server (the server tests in test_fetch.py stay)."""

from __future__ import annotations

import email.utils

from hypothesis import given
from hypothesis import strategies as st

from subsync.remote.client import HttpPolicy
from subsync.remote.retry import RetryPolicy, seconds_until


def test_which_statuses_are_retried() -> None:
    retry = RetryPolicy()
    assert [s for s in range(400, 600) if retry.retries_status(s)] == [408, 429, *range(500, 600)]


def test_http_policy_makes_the_retry_decision() -> None:
    policy = HttpPolicy(retries=2, backoff=0.25, retry_after_cap=9.0)
    assert policy.retry == RetryPolicy(retries=2, backoff=0.25, cap=9.0)
    assert [policy.retry.gives_up(n) for n in range(3)] == [False, False, True]


def test_no_retries_gives_up_after_the_first_try() -> None:
    assert RetryPolicy(retries=0).attempts == 1
    assert RetryPolicy(retries=0).gives_up(0)


@given(
    retries=st.integers(0, 10),
    backoff=st.floats(0, 10),
    cap=st.floats(0, 120),
    jitter=st.floats(0.9, 1.1),
)
def test_backoff_doubles_and_never_passes_the_cap(
    retries: int, backoff: float, cap: float, jitter: float
) -> None:
    retry = RetryPolicy(retries, backoff, cap)
    waits = [retry.wait(n, None, jitter=lambda: jitter) for n in range(retries + 1)]
    assert all(0 <= w <= cap for w in waits)
    assert waits == sorted(waits)


@given(seconds=st.integers(0, 10**6), cap=st.floats(0, 120))
def test_retry_after_in_seconds_wins_over_backoff_but_not_over_the_cap(
    seconds: int, cap: float
) -> None:
    assert RetryPolicy(cap=cap).wait(5, str(seconds)) == min(float(seconds), cap)


@given(offset=st.integers(-(10**6), 10**6))
def test_retry_after_as_a_date_is_the_time_until_then_never_negative(offset: int) -> None:
    now = 1_700_000_000.0
    header = email.utils.formatdate(now + offset, usegmt=True)
    assert seconds_until(header, now=lambda: now) == max(0.0, float(offset))


@given(st.text(max_size=40))
def test_a_header_that_is_neither_seconds_nor_a_date_falls_back_to_backoff(text: str) -> None:
    retry = RetryPolicy(backoff=1.0, cap=60.0)
    wait = retry.wait(1, text, jitter=lambda: 1.0)
    assert wait == 2.0 or wait == min(seconds_until(text) or 0.0, 60.0)
