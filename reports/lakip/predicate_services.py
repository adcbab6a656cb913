"""Writes of the predicate scale: each change is a new row (the history), as the ranking weights are."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from agencies import permissions
from agencies.figures import bump_data_version

from .models import PredicateScale
from .predicates import BOUND_NAMES

NOT_ALLOWED = "Hanya verifikator provinsi yang dapat mengubah skala predikat."


@transaction.atomic
def predicate_scale_change(*, user, values: dict[str, Decimal], note: str) -> PredicateScale:
    """Record a new scale; earlier rows stay as the history and published LAKIPs keep their own copy."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    scale = PredicateScale(**{name: values[name] for name in BOUND_NAMES}, note=note.strip(), created_by=user)
    scale.full_clean()
    scale.save()
    bump_data_version()  # the cached LAKIP chapter holds the scale (its predicates)
    return scale
