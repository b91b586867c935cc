"""Origins (scheme, host, port) of URLs: where a key may go, and how a URL is named in messages."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_MASKED_LENGTH = 4


def origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL, the default port filled in: what "the same place" means.

    >>> origin("https://API.example.com/v1") == origin("https://api.example.com:443/x")
    True
    >>> origin("http://api.example.com/v1") == origin("https://api.example.com/v1")
    False
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme, -1)


def without_userinfo(url: str) -> str:
    """The URL without its ``user:password@``: requests would send it as Basic auth in place
    of the key subsync was given (Resemble's Authorization header, say).

    >>> without_userinfo("http://me:s3cret@127.0.0.1:8080/v1?x=1")
    'http://127.0.0.1:8080/v1?x=1'
    >>> without_userinfo("https://api.example.com/v1")
    'https://api.example.com/v1'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def origin_label(url: str) -> str:
    """The origin of a URL for messages, without any ``user:password@`` it carries.

    >>> origin_label("http://user:pw@evil.example:8080/steal?k=1")
    'http://evil.example:8080'
    """
    scheme, host, port = origin(url)
    shown = f"[{host}]" if ":" in host else host
    if port != _DEFAULT_PORTS.get(scheme):
        shown += f":{port}"
    return f"{scheme}://{shown}"


def host_label(url: str) -> str:
    """Host and port of a URL for messages, without any ``user:password@`` it carries.

    >>> host_label("https://me:pw@api.example.com:8443/v1"), host_label("http://[::1]/x")
    ('api.example.com:8443', '[::1]')
    """
    return origin_label(url).split("://", 1)[1]


def mask_userinfo(text: str, url: str) -> str:
    """``text`` with the ``user:password@`` of ``url`` masked, as a key is: the whole of it
    before an ``@``, and the password (or a user name long enough to be a token) anywhere.

    >>> mask_userinfo("GET http://me:s3cret@h/ said s3cret", "http://me:s3cret@h/v1")
    'GET http://***@h/ said ***'
    >>> mask_userinfo("a tiny user", "http://a@h/")
    'a tiny user'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return text
    userinfo = parts.netloc.rsplit("@", 1)[0]
    text = text.replace(userinfo + "@", "***@")
    secrets = {userinfo, parts.password or "", unquote(parts.password or "")}
    if not parts.password:
        secrets.add(unquote(parts.username or ""))
    # Shorter strings are too common to mask everywhere without garbling the message.
    for secret in sorted((s for s in secrets if len(s) >= _MASKED_LENGTH), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
