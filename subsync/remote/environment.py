"""What a request takes from the environment, taken explicitly: proxies and a CA bundle, never
~/.netrc (requests' ``trust_env`` would read it, even on redirects, and its credentials would
replace or join the key the user gave)."""

from __future__ import annotations

import os

from requests.utils import get_environ_proxies


def proxies_for(url: str) -> dict[str, str]:
    """The proxies of HTTP_PROXY, HTTPS_PROXY and ALL_PROXY (either case) for ``url``,
    none when NO_PROXY covers its host."""
    return dict(get_environ_proxies(url, no_proxy=None))


def ca_bundle() -> str | bool:
    """The CA bundle requests would take from the environment, else its own (True)."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
