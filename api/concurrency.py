"""Optimistic locking over HTTP, the same as the forms' hidden `version` field.

A record's ETag is built from its `version` (bumped by every service write): `"<model>-<id>-v<version>"`.
Evidence rows are never changed, so theirs is built from the file's SHA-256; offices and verification
events (read only) use their time stamp. A write to an existing record
(PUT, PATCH, DELETE, submit) needs `If-Match` with the current ETag: missing → 428, different → 412, and
nothing is changed. The version is then handed to the service as `expected_version`, which re-checks it
atomically in the UPDATE (a write that slips in between still gets 412)."""

from __future__ import annotations

from .exceptions import PreconditionFailed, PreconditionRequired


def etag_for(obj) -> str:
    name = obj._meta.model_name
    if hasattr(obj, "version"):
        return f'"{name}-{obj.pk}-v{obj.version}"'
    if hasattr(obj, "sha256"):
        return f'"{name}-{obj.pk}-{obj.sha256[:16]}"'
    moment = getattr(obj, "updated_at", None) or obj.created_at
    return f'"{name}-{obj.pk}-{int(moment.timestamp() * 1_000_000)}"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def require_if_match(request, obj) -> int | None:
    """Check `If-Match` against the object's ETag; return the version the client saw (None if unversioned)."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    tags = _tags(header)
    if "*" not in tags and etag_for(obj) not in tags:
        raise PreconditionFailed()
    return getattr(obj, "version", None)


def with_etag(response, obj):
    response["ETag"] = etag_for(obj)
    return response
