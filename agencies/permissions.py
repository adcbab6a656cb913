"""The permission boundary: who may see and change what. Every queryset of a view, the admin,
an export or a command goes through this module.

- Staf kab/kota: see and change only their own office's agreements, activities and evidence;
  the partner directory is shared (read by all, registered by anyone, edited by the registering office).
- Verifikator provinsi: see everything; change the province office's own records; verify or return any
  submitted record; manage partners, indicators, weights and IKP data.
- Pimpinan: read everything, change nothing.
- Superusers (IT administrators) are treated as verifiers.
An outsider gets 404 for another office's record; a read-only user gets 403 for a change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .choices import Role, VerificationStatus
from .models import (
    PROVINCE_CODE,
    Activity,
    Agreement,
    Evidence,
    ImportBatch,
    Office,
    Partner,
    Tombstone,
    User,
    VerificationEvent,
)


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.VERIFIER
    return user.role or None


def is_staff_member(user) -> bool:
    return role_of(user) == Role.STAFF


def is_verifier(user) -> bool:
    return role_of(user) == Role.VERIFIER


def is_leader(user) -> bool:
    return role_of(user) == Role.LEADER


def sees_all_offices(user) -> bool:
    return role_of(user) in (Role.VERIFIER, Role.LEADER)


def visible_offices(user) -> models.QuerySet[Office]:
    if sees_all_offices(user):
        return Office.objects.all()
    if is_staff_member(user) and user.office_id:
        return Office.objects.filter(pk=user.office_id)
    return Office.objects.none()


def _scope_by_office(user, qs: models.QuerySet, field: str = "office") -> models.QuerySet:
    if sees_all_offices(user):
        return qs
    if is_staff_member(user) and user.office_id:
        return qs.filter(**{f"{field}_id": user.office_id})
    return qs.none()


def in_scope(user, obj: Agreement | Activity | Evidence) -> bool:
    """`scope_<model>` for one object already read (by its `office_id`, no query): would the scoped queryset
    hold it? Kept beside `_scope_by_office`, whose rule it repeats."""
    if sees_all_offices(user):
        return True
    return is_staff_member(user) and bool(user.office_id) and obj.office_id == user.office_id


def scope_agreements(user, qs: models.QuerySet | None = None) -> models.QuerySet[Agreement]:
    return _scope_by_office(user, Agreement.objects.all() if qs is None else qs)


def scope_activities(user, qs: models.QuerySet | None = None) -> models.QuerySet[Activity]:
    return _scope_by_office(user, Activity.objects.all() if qs is None else qs)


def citable_agreements(user, office: Office | None = None) -> models.QuerySet[Agreement]:
    """Agreements whose title the user may read and cite: their own scope, plus the province's verified
    agreements (national MoUs and the like), which every office may cite as the parent of a PKS or as the
    agreement behind an activity. Citing shows the title only; the detail page stays within scope_agreements.
    With `office`: only what a record of that office may cite (its own agreements or the province's)."""
    if role_of(user) is None:
        return Agreement.objects.none()
    province_published = Agreement.objects.filter(office__code=PROVINCE_CODE, verification_status="verified")
    citable = scope_agreements(user) | province_published
    if office is not None:
        citable = citable.filter(models.Q(office=office) | models.Q(office__code=PROVINCE_CODE))
    return citable


def scope_evidence(user, qs: models.QuerySet | None = None) -> models.QuerySet[Evidence]:
    return _scope_by_office(user, Evidence.objects.all() if qs is None else qs)


def scope_partners(user, qs: models.QuerySet | None = None) -> models.QuerySet[Partner]:
    """The partner directory is shared by every signed-in role."""
    qs = Partner.objects.all() if qs is None else qs
    return qs if role_of(user) else qs.none()


def scope_verification_events(user, qs: models.QuerySet | None = None) -> models.QuerySet[VerificationEvent]:
    qs = VerificationEvent.objects.all() if qs is None else qs
    if sees_all_offices(user):
        return qs
    if is_staff_member(user) and user.office_id:
        return qs.filter(models.Q(agreement__office_id=user.office_id) | models.Q(activity__office_id=user.office_id))
    return qs.none()


def scope_import_batches(user, qs: models.QuerySet | None = None) -> models.QuerySet[ImportBatch]:
    """Import batches of the offices the user sees (their records are scoped again when listed)."""
    qs = ImportBatch.objects.all() if qs is None else qs
    return _scope_by_office(user, qs)


def can_submit_batch(user, batch: ImportBatch) -> bool:
    """May `user` submit the records of an import batch ("Ajukan semua")? Those who may record in its office."""
    return can_create_in(user, batch.office)


def scope_tombstones(user, qs: models.QuerySet | None = None) -> models.QuerySet[Tombstone]:
    """Deletions as the user could have seen the records: their office's, and every partner's (the shared
    directory has no owner office)."""
    qs = Tombstone.objects.all() if qs is None else qs
    if sees_all_offices(user):
        return qs
    if is_staff_member(user) and user.office_id:
        return qs.filter(models.Q(office_id=user.office_id) | models.Q(office__isnull=True))
    if role_of(user):
        return qs.filter(office__isnull=True)
    return qs.none()


def public_agreements(qs: models.QuerySet | None = None) -> models.QuerySet[Agreement]:
    """What anyone may see without signing in (the public catalogue, the JDIHN feed and the signed document):
    agreements their office marked publishable *and* the province verified. Nothing else is public."""
    qs = Agreement.objects.all() if qs is None else qs
    return qs.filter(is_public=True, verification_status=VerificationStatus.VERIFIED)


SCOPES = {
    ImportBatch: scope_import_batches,
    Agreement: scope_agreements,
    Activity: scope_activities,
    Evidence: scope_evidence,
    Partner: scope_partners,
    VerificationEvent: scope_verification_events,
    Tombstone: scope_tombstones,
    Office: lambda user, qs=None: visible_offices(user) if qs is None else qs.filter(pk__in=visible_offices(user)),
}


def scope(user, qs: models.QuerySet) -> models.QuerySet:
    """Scope any queryset of a known model to what `user` may see."""
    return SCOPES[qs.model](user, qs)


def can_view(user, obj) -> bool:
    return scope(user, type(obj).objects.filter(pk=obj.pk)).exists()


def can_create_in(user, office: Office | None) -> bool:
    """May `user` create agreements/activities/evidence owned by `office`?"""
    if office is None:
        return False
    role = role_of(user)
    if role == Role.STAFF:
        return user.office_id == office.pk
    if role == Role.VERIFIER:
        return office.is_province
    return False


def recording_office(user) -> Office | None:
    """The office in which the user records new agreements and activities (by form or import): staff their
    own office, the verifier the province office; None for everyone else."""
    role = role_of(user)
    if role == Role.STAFF and user.office_id:
        office = user.office
    elif role == Role.VERIFIER:
        office = Office.objects.province()
    else:
        return None
    return office if can_create_in(user, office) else None


def can_edit(user, obj) -> bool:
    role = role_of(user)
    if role is None or role == Role.LEADER:
        return False
    if isinstance(obj, Partner):
        return role == Role.VERIFIER or obj.registered_by_id == user.office_id
    if isinstance(obj, (Agreement, Activity, Evidence)):
        if role == Role.VERIFIER:
            return obj.office.is_province if obj.office_id else False
        return obj.office_id == user.office_id
    return False


def can_renew(user, agreement: Agreement) -> bool:
    """May `user` renew `agreement` ("Perpanjang")? Those who may record in its office; never a terminated one."""
    return agreement.terminated_on is None and can_create_in(user, agreement.office)


def can_register_partner(user) -> bool:
    return role_of(user) in (Role.STAFF, Role.VERIFIER)


def can_merge_partners(user) -> bool:
    """Merging duplicates touches every office's records: the verifier's job."""
    return is_verifier(user)


def can_verify(user) -> bool:
    return is_verifier(user)


def can_undo_verification(user, record) -> bool:
    """Only the verifier who verified a record may take the verification back (the time window and what
    depends on it are rules of the service, `record_verification_undo`)."""
    return can_verify(user) and record.verified_by_id is not None and record.verified_by_id == user.pk


def can_manage_settings(user) -> bool:
    """Indicators, targets, ranking weights, IKP data, publishing rankings."""
    return is_verifier(user)


MSG_NOT_SETTINGS_MANAGER = "Hanya verifikator provinsi yang dapat mengubah pengaturan ini."


def require_settings_manager(user, message: str = MSG_NOT_SETTINGS_MANAGER) -> None:
    """403 (PermissionDenied with `message`) unless the user may manage settings (`can_manage_settings`)."""
    if not can_manage_settings(user):
        raise PermissionDenied(message)


def get_for_user(user, qs: models.QuerySet, *, change: bool = False, **lookup):
    """Fetch one object through the boundary: 404 if the user may not see it, 403 if read-only."""
    try:
        obj = scope(user, qs).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404("Data tidak ditemukan.") from None
    if change and not can_edit(user, obj):
        raise PermissionDenied("Anda tidak berwenang mengubah data ini.")
    return obj


# Accounts ----------------------------------------------------------------------------------------
# Account roles as the account pages show them: the three portal roles plus the administrator
# (a superuser). The verifier manages staff and leader accounts of any office; only an administrator
# manages verifier and administrator accounts; nobody raises their own role.

ACCOUNT_ADMIN = "admin"
ACCOUNT_ROLE_RANK = {Role.STAFF: 1, Role.LEADER: 1, Role.VERIFIER: 2, ACCOUNT_ADMIN: 3}
VERIFIER_MANAGED_ROLES = (Role.STAFF, Role.LEADER)


def account_role(user) -> str:
    """'admin' for a superuser, else the portal role ('' when none is set)."""
    return ACCOUNT_ADMIN if user.is_superuser else (user.role or "")


def is_account_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_manage_accounts(actor) -> bool:
    """May open Kelola akun at all: the verifier and the administrator."""
    return is_account_admin(actor) or role_of(actor) == Role.VERIFIER


def manageable_users(actor) -> models.QuerySet[User]:
    """The accounts `actor` may list and change."""
    if is_account_admin(actor):
        return User.objects.all()
    if can_manage_accounts(actor):
        return User.objects.filter(is_superuser=False, role__in=VERIFIER_MANAGED_ROLES)
    return User.objects.none()


def can_manage_account(actor, target) -> bool:
    if is_account_admin(actor):
        return True
    return can_manage_accounts(actor) and not target.is_superuser and target.role in VERIFIER_MANAGED_ROLES


def assignable_account_roles(actor, target=None) -> list[str]:
    """Account roles `actor` may give `target` (a new account when None). On their own account a user may
    keep or lower their role, never raise it."""
    if is_account_admin(actor):
        roles = [Role.STAFF, Role.LEADER, Role.VERIFIER, ACCOUNT_ADMIN]
    elif can_manage_accounts(actor):
        roles = list(VERIFIER_MANAGED_ROLES)
    else:
        return []
    if target is not None and target.pk == actor.pk:
        own_rank = ACCOUNT_ROLE_RANK.get(account_role(actor), 0)
        roles = [role for role in roles if ACCOUNT_ROLE_RANK[role] <= own_rank]
    return [str(role) for role in roles]
