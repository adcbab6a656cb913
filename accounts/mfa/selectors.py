from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policy


def users_with_second_factor() -> list:
    """Active users with their two-step state, in one query: enrolled, last code used, recovery codes left,
    and whether their role must use it (`mfa_required`)."""
    people = list(
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("office")
        .annotate(
            mfa_enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            mfa_last_used=Max("totpdevice__last_used_at", filter=Q(totpdevice__confirmed=True)),
            mfa_codes_left=Count("staticdevice__token_set", distinct=True),
        )
        .order_by("office__code", "username")
    )
    for person in people:
        person.mfa_required = policy.required_for(person)
    return people
