"""Resemble requests: the server, the GET of a clip, and the reasons its error bodies give."""

from __future__ import annotations

from subsync.remote.failures import generic_reason, one_line
from subsync.remote.request import ApiRequest, segment
from subsync.remote.secrets import Secret

#: Resemble's API server.
BASE_URL = "https://app.resemble.ai"

_STATUS_HINTS = {
    401: "check the API key in RESEMBLE_API_KEY or --api-key",
    404: "no such clip in this project",
    429: "too many requests: lower --jobs",
}


def clip_request(
    project: str, clip_id: str, key: Secret, base_url: str, version: str
) -> ApiRequest:
    """The GET of one clip, v1 (``audio_timestamps``) or v2 (``{success, item}``)."""
    path = (
        f"/api/{version}/projects/{segment(project, 'project')}/clips/{segment(clip_id, 'clip id')}"
    )
    return ApiRequest(
        label=clip_id,
        url=base_url.rstrip("/") + path,
        auth_header="Authorization",
        auth_prefix="Token token=",
        key=key,
        describe_failure=describe_failure,
        refusal=refusal,
    )


def describe_failure(status: int, body: object) -> str:
    """Resemble's reason for a failed request (``{success: false, message}``).

    >>> describe_failure(404, {"success": False, "message": "Clip not found"})
    'Clip not found (no such clip in this project)'
    """
    reason = generic_reason(body)
    hint = _STATUS_HINTS.get(status)
    return f"{reason} ({hint})" if reason and hint else reason or hint or ""


def refusal(body: object) -> str | None:
    """The failure a 200 response reports with ``success: false``, if any."""
    if isinstance(body, dict) and body.get("success") is False:
        return one_line(str(body.get("message") or "the API reported success: false"))
    return None
