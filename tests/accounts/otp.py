"""What a user's authenticator app would show: TOTP codes for a test device."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code on the app now (`steps_ahead` = 1 for the next one: a code is accepted once per 30 s step)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def enrolled(user, *, name: str = "Aplikasi uji") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def verified_client(user):
    """A client signed in with password and second factor (as after the code step)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user, backend="accounts.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
