"""Writes on accounts: create, change, deactivate, reactivate, unlock; the user's own profile.

Every service checks the permission rule itself (agencies.permissions), so a form, the bulk onboarding and a
shell all obey the same rules. History rows (who and when) come from django-simple-history; the reason is
set with `_change_reason`.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from agencies.choices import Role
from agencies.models import Office

from . import invitations, lockouts, sessions
from .models import Profile

User = get_user_model()
ADMIN = permissions.ACCOUNT_ADMIN

ERROR_NOT_ALLOWED = "Anda tidak berwenang mengelola akun ini."
ERROR_ROLE_NOT_ALLOWED = "Anda tidak berwenang memberikan peran ini."
ERROR_OWN_ROLE = "Anda tidak dapat menaikkan peran akun Anda sendiri."
ERROR_LAST_ADMIN = "Harus tetap ada minimal satu administrator aktif."
ERROR_SELF_DEACTIVATE = "Anda tidak dapat menonaktifkan akun Anda sendiri."
ERROR_EMAIL_TAKEN = "Alamat surel ini sudah dipakai akun lain."
ERROR_PROVINCE_ROLE = "Verifikator, pimpinan, dan administrator berada di Bawaslu Provinsi Jawa Barat."
ERROR_STAFF_OFFICE = "Staf Hubal berada di kantor Bawaslu kabupaten/kota, bukan di kantor provinsi."


def email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    others = User.objects.filter(email__iexact=email.strip())
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def assignment_error(role: str, office: Office | None) -> str | None:
    """Why `role` cannot sit in `office`, or None."""
    if office is None:
        return "Pilih kantor."
    if role in (Role.VERIFIER, Role.LEADER, ADMIN) and not office.is_province:
        return ERROR_PROVINCE_ROLE
    if role == Role.STAFF and office.is_province:
        return ERROR_STAFF_OFFICE
    return None


def username_from_email(email: str) -> str:
    """'Siti.Rahma@bawaslu.go.id' → 'siti.rahma', with a number appended while taken."""
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower())[:140] or "pengguna"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def split_name(full_name: str) -> tuple[str, str]:
    first, _, last = " ".join(full_name.split()).partition(" ")
    return first[:150], last[:150]


def _apply_role(user, role: str) -> None:
    user.is_superuser = user.is_staff = role == ADMIN
    user.role = "" if role == ADMIN else role


def _check_may_assign(actor, user, role: str) -> None:
    if user.pk and not permissions.can_manage_account(actor, user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    if user.pk == actor.pk and role != permissions.account_role(user):
        rank = permissions.ACCOUNT_ROLE_RANK
        if rank.get(role, 0) > rank.get(permissions.account_role(user), 0):
            raise PermissionDenied(ERROR_OWN_ROLE)
    if role not in permissions.assignable_account_roles(actor, user if user.pk else None):
        raise PermissionDenied(ERROR_ROLE_NOT_ALLOWED)


def _ensure_an_admin_remains(user, *, stays_admin: bool) -> None:
    """Lock the administrator rows, then refuse the change if it would leave none active."""
    if stays_admin or not (user.pk and user.is_active and User.objects.filter(pk=user.pk, is_superuser=True).exists()):
        return
    others = list(User.objects.select_for_update().filter(is_superuser=True, is_active=True).exclude(pk=user.pk))
    if not others:
        raise ValidationError(ERROR_LAST_ADMIN)


def _validate(user, role: str, office: Office | None) -> None:
    error = assignment_error(role, office)
    if error:
        raise ValidationError({"office": error})
    if user.email and email_taken(user.email, exclude_pk=user.pk):
        raise ValidationError({"email": ERROR_EMAIL_TAKEN})
    user.full_clean(exclude=["password"])


@transaction.atomic
def account_create(*, actor, full_name: str, email: str, office: Office, role: str, site_url: str, username: str = ""):
    """A new account without a usable password, and an invitation to set one."""
    user = User(email=email.strip().lower(), office=office)
    user.first_name, user.last_name = split_name(full_name)
    user.username = username or username_from_email(user.email)
    _check_may_assign(actor, user, role)
    _apply_role(user, role)
    user.set_unusable_password()
    _validate(user, role, office)
    user._change_reason, user._history_user = "Akun dibuat", actor
    user.save()
    invitations.invitation_send(actor=actor, user=user, site_url=site_url)
    return user


def account_invite(*, actor, user, site_url: str):
    """Send `user` a new invitation (the old link stops working); only by someone who may manage the account."""
    if not permissions.can_manage_account(actor, user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    return invitations.invitation_send(actor=actor, user=user, site_url=site_url)


@transaction.atomic
def account_update(*, actor, user, full_name: str, email: str, office: Office, role: str) -> list[str]:
    """Change name, e-mail, office and role; returns the labels of what changed."""
    _check_may_assign(actor, user, role)
    _ensure_an_admin_remains(user, stays_admin=role == ADMIN)
    before = (user.get_full_name(), user.email, user.office_id, permissions.account_role(user))
    user.first_name, user.last_name = split_name(full_name)
    user.email, user.office = email.strip().lower(), office
    _apply_role(user, role)
    _validate(user, role, office)
    after = (user.get_full_name(), user.email, user.office_id, role)
    changed = [
        label for label, old, new in zip(("nama", "surel", "kantor", "peran"), before, after, strict=True) if old != new
    ]
    if changed:
        user._change_reason, user._history_user = "Diubah: " + ", ".join(changed), actor
        user.save()
    return changed


@transaction.atomic
def account_deactivate(*, actor, user) -> None:
    """Deactivate and sign out everywhere; the history keeps who did it and when."""
    if not permissions.can_manage_account(actor, user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    if user.pk == actor.pk:
        raise ValidationError(ERROR_SELF_DEACTIVATE)
    _ensure_an_admin_remains(user, stays_admin=False)
    user.is_active = False
    user._change_reason, user._history_user = "Akun dinonaktifkan", actor
    user.save()
    sessions.end_all(user)


@transaction.atomic
def account_reactivate(*, actor, user) -> None:
    if not permissions.can_manage_account(actor, user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    user.is_active = True
    user._change_reason, user._history_user = "Akun diaktifkan kembali", actor
    user.save()


def account_unlock(*, actor, user) -> int:
    """Lift a sign-in lockout (axes) before its cool-off ends."""
    if not permissions.can_manage_account(actor, user):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    return lockouts.unlock(user.get_username())


def profile_for(user) -> Profile:
    """The user's profile, created on first need."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user, first_name: str, last_name: str, email: str, phone: str, preferences: dict) -> None:
    """The user's own details; office and role are not theirs to change."""
    if email_taken(email, exclude_pk=user.pk):
        raise ValidationError({"email": ERROR_EMAIL_TAKEN})
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip().lower()
    user._change_reason = "Profil diubah oleh pemilik akun"
    user.save(update_fields=["first_name", "last_name", "email"])
    profile = profile_for(user)
    profile.phone = phone.strip()
    for field, value in preferences.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()


@transaction.atomic
def password_changed(*, user, keep_key: str | None) -> int:
    """After a password change: end every other session of the user (the current one was kept by
    update_session_auth_hash)."""
    return sessions.end_others(user, keep_key=keep_key)
