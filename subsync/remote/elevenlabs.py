"""ElevenLabs requests: the servers, the GET of a dubbing resource, and the reasons its error
bodies give."""

from __future__ import annotations

from subsync.remote.failures import generic_reason, join_reason, one_line
from subsync.remote.request import ApiRequest, no_refusal, segment
from subsync.remote.secrets import Secret

#: The documented API servers, by the name ``--region`` takes.
REGIONS = {
    "default": "https://api.elevenlabs.io",
    "us": "https://api.us.elevenlabs.io",
    "eu": "https://api.eu.residency.elevenlabs.io",
    "in": "https://api.in.residency.elevenlabs.io",
    "sg": "https://api.sg.residency.elevenlabs.io",
}

_STATUS_HINTS = {
    401: "check the API key in ELEVENLABS_API_KEY or --api-key",
    403: "the key may lack the dubbing permission",
    404: "no dubbing resource with this id (was it made with Dubbing Studio enabled?)",
    425: "the dub is not finished yet: try again once its status is dubbed",
    429: "too many requests at once for your plan: lower --jobs",
}


def resource_request(dubbing_id: str, key: Secret, base_url: str) -> ApiRequest:
    """The GET of one dubbing resource (``/v1/dubbing/resource/{dubbing_id}``)."""
    return ApiRequest(
        label=dubbing_id,
        url=f"{base_url.rstrip('/')}/v1/dubbing/resource/{segment(dubbing_id, 'dubbing id')}",
        auth_header="xi-api-key",
        auth_prefix="",
        key=key,
        describe_failure=describe_failure,
        refusal=no_refusal,
    )


def describe_failure(status: int, body: object) -> str:
    """ElevenLabs' reason for a failed request: ``detail`` is a list for 422 validation
    errors, an object with ``code`` (or the older ``status``) and ``message`` otherwise.

    >>> describe_failure(401, {"detail": {"status": "quota_exceeded", "message": "0 left"}})
    'quota_exceeded: 0 left (the account quota is used up)'
    >>> describe_failure(422, {"detail": [{"loc": ["path", "id"], "msg": "bad", "type": "x"}]})
    'path.id: bad'
    """
    detail = body.get("detail") if isinstance(body, dict) else None
    code = None
    if isinstance(detail, list):
        reason = "; ".join(_validation_item(item) for item in detail)
    elif isinstance(detail, dict):
        code = detail.get("code") or detail.get("status")
        reason = join_reason(code, detail.get("message"))
    elif isinstance(body, dict) and isinstance(body.get("error"), str):
        code = body["error"]
        reason = join_reason(code, body.get("message"))
    else:
        reason = generic_reason(body)
    hint = "the account quota is used up" if code == "quota_exceeded" else _STATUS_HINTS.get(status)
    reason = one_line(reason)
    return f"{reason} ({hint})" if reason and hint else reason or hint or ""


def _validation_item(item: object) -> str:
    if not isinstance(item, dict):
        return str(item)
    location = ".".join(str(part) for part in item.get("loc") or [])
    return join_reason(location, item.get("msg"))
