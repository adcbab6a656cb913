"""Partners registered from the quick-create dialog of a record form are created WITH the record.

The dialog checks the new partner (form, exact duplicate, similar names) but writes nothing: it returns a
signed token holding the partner's fields, bound to the user, which the record form carries in a hidden
`new_partners` input. The record's save service creates the partner in the record's own transaction
(`services.partners.partners_from_pending`). A record abandoned, or never valid, therefore leaves no partner
in the shared directory: there is nothing to clean up.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError

MAX_AGE = 24 * 3600  # a form left open overnight still saves; older tokens are refused
MSG_EXPIRED = "Data mitra baru dari formulir ini sudah kedaluwarsa atau tidak sah. Daftarkan lagi mitra tersebut."
FIELDS = ("name", "acronym", "category", "level", "home_office_id")


def _salt(user) -> str:
    return f"hubal.pending-partner.{user.pk}"


def sign(user, data: dict) -> str:
    """The token of one new partner's fields (FIELDS), valid for `user` only."""
    return signing.dumps({name: data.get(name) for name in FIELDS}, salt=_salt(user), compress=True)


def unsign(user, token: str) -> dict:
    try:
        data = signing.loads(token, salt=_salt(user), max_age=MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(MSG_EXPIRED, code="pending_partner") from None
    return {name: data.get(name) for name in FIELDS}


def label(data: dict) -> str:
    return f"{data['name']} ({data['acronym']})" if data.get("acronym") else data["name"]
