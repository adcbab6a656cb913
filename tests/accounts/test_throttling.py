"""Sign-in limits: per username and address (django-axes) and per account across all addresses."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from accounts import throttling
from tests.accounts.otp import app_code, enrolled
from tests.factories import TEST_PASSWORD, UserFactory, _hashed_test_password

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
VERIFY = reverse("accounts:mfa-verify")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Dozens of password checks per test: a fast hash keeps them quick (the limits do not depend on it).
    The factories' cached hash is made first, with the default hasher, so no later test inherits an MD5 one."""
    _hashed_test_password()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


def _with_fast_password(user):
    user.password = make_password(TEST_PASSWORD, hasher="md5")
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def member(db):
    return _with_fast_password(UserFactory(username="staf-limit"))


WRONG = "salah"


def attempt(client, address, password=WRONG, username="staf-limit"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def address(n: int) -> str:
    return f"203.0.{n // 250}.{n % 250 + 1}"


def test_pair_limit_locks_one_address_only(client, member, clock):
    for _ in range(4):
        assert attempt(client, "10.9.0.1").status_code == 200
    locked = attempt(client, "10.9.0.1")
    assert locked.status_code == 429
    assert "coba lagi setelah 15 menit" in locked.content.decode()
    assert attempt(client, "10.9.0.1", TEST_PASSWORD).status_code == 429
    # Another address is not locked by this pair.
    assert attempt(client, "10.9.0.2", TEST_PASSWORD)["Location"] == reverse("home")


def test_pair_limit_cool_off_ends(client, member, clock):
    for _ in range(5):
        attempt(client, "10.9.0.1")
    clock.shift(dt.timedelta(minutes=14))
    assert attempt(client, "10.9.0.1", TEST_PASSWORD).status_code == 429
    clock.shift(dt.timedelta(minutes=2))
    assert attempt(client, "10.9.0.1", TEST_PASSWORD).status_code == 302


def test_account_limit_across_addresses(client, member, clock, settings):
    limit = settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT
    assert limit <= 20  # well under OWASP ASVS 2.2.1's 100 per hour
    for n in range(limit - 1):  # one try from each address: the pair limit never trips
        assert attempt(client, address(n)).status_code == 200, n
        clock.shift(dt.timedelta(seconds=30))
    last = attempt(client, address(limit))
    assert last.status_code == 429
    html = last.content.decode()
    assert "Akun ini dikunci sementara" in html
    assert "dari berbagai alamat" in html
    # Until one hour after the first counted failure (09.00 UTC = 16.00 WIB).
    assert "2 Maret 2026, 17.00 WIB" in html
    # Even the right password from yet another address is refused, and does not count.
    assert attempt(client, address(limit + 1), TEST_PASSWORD).status_code == 429
    assert AccessFailureLog.objects.filter(username="staf-limit").count() == limit


def test_account_lock_ends_by_itself(client, member, clock, settings):
    limit = settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT
    for n in range(limit):
        attempt(client, address(n))
    lock = throttling.account_lock("staf-limit", "198.51.100.7")
    assert lock is not None and lock.until == START + settings.HUBAL_LOGIN_ACCOUNT_WINDOW
    # Attempts during the lock do not extend it.
    for n in range(limit, limit + 10):
        clock.shift(dt.timedelta(minutes=5))
        assert attempt(client, address(n)).status_code == 429
    clock.move_to(START + dt.timedelta(hours=1, seconds=1))
    assert attempt(client, "198.51.100.7", TEST_PASSWORD)["Location"] == reverse("home")


def test_account_limit_spares_an_address_used_before(client, member, clock, settings):
    """An outsider's guesses cannot keep the user out of the network they usually sign in from."""
    from django.test import Client

    office_network = "192.0.2.10"
    assert attempt(Client(), office_network, TEST_PASSWORD).status_code == 302
    for n in range(settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT):
        attempt(client, address(n))
    assert attempt(client, address(999), TEST_PASSWORD).status_code == 429
    assert attempt(Client(), office_network, TEST_PASSWORD).status_code == 302


def test_account_limit_is_per_account(client, member, clock, settings):
    other = _with_fast_password(UserFactory(username="staf-lain"))
    for n in range(settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT):
        attempt(client, address(n))
    assert attempt(client, address(500), TEST_PASSWORD, username=other.username).status_code == 302


def test_failure_log_keeps_the_newest_rows(client, member, clock, settings):
    settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 3
    settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT = 50
    for n in range(5):
        attempt(client, address(n))
        clock.shift(dt.timedelta(seconds=10))
    kept = list(AccessFailureLog.objects.filter(username="staf-limit").values_list("ip_address", flat=True))
    assert sorted(kept) == sorted(address(n) for n in (2, 3, 4))


# Wrong second-factor codes -------------------------------------------------------------------------


def test_wrong_codes_count_and_lock_the_pair(client, verifier, clock):
    _with_fast_password(verifier)
    device = enrolled(verifier)
    client.post(LOGIN, {"username": verifier.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.7.0.1")
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    for n in range(4):
        clock.shift(dt.timedelta(seconds=20))  # past django-otp's own growing delay (1, 2, 4, 8 s)
        response = client.post(VERIFY, {"code": wrong}, REMOTE_ADDR="10.7.0.1")
        assert response.status_code == 200, n
    assert AccessFailureLog.objects.filter(username=verifier.username).count() == 4
    clock.shift(dt.timedelta(seconds=20))
    assert client.post(VERIFY, {"code": wrong}, REMOTE_ADDR="10.7.0.1").status_code == 429
    # Locked: even the right code is refused now.
    clock.shift(dt.timedelta(seconds=20))
    response = client.post(VERIFY, {"code": app_code(device)}, REMOTE_ADDR="10.7.0.1")
    assert response.status_code == 429
    assert client.get(reverse("home"))["Location"].startswith(LOGIN)


def test_wrong_codes_count_towards_the_account_limit(verifier, clock, settings):
    from django.test import Client

    _with_fast_password(verifier)
    device = enrolled(verifier)
    limit = settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    for n in range(limit):
        client = Client()
        client.post(LOGIN, {"username": verifier.username, "password": TEST_PASSWORD}, REMOTE_ADDR=address(n))
        clock.shift(dt.timedelta(seconds=90))
        client.post(VERIFY, {"code": wrong}, REMOTE_ADDR=address(n))
    assert throttling.account_lock(verifier.username, address(999)) is not None
    response = Client().post(
        LOGIN, {"username": verifier.username, "password": TEST_PASSWORD}, REMOTE_ADDR=address(999)
    )
    assert response.status_code == 429
    assert "Akun ini dikunci sementara" in response.content.decode()


def test_typed_codes_are_not_stored(client, verifier, clock):
    from axes.models import AccessAttempt

    _with_fast_password(verifier)
    enrolled(verifier)
    client.post(LOGIN, {"username": verifier.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.7.0.2")
    client.post(VERIFY, {"code": "", "recovery": "abcd-efgz"}, REMOTE_ADDR="10.7.0.2")
    stored = AccessAttempt.objects.get(username=verifier.username).post_data
    assert "recovery=" in stored
    assert "abcd" not in stored


def test_successful_sign_in_resets_the_pair_count(client, member, clock):
    for _ in range(4):
        attempt(client, "10.9.0.1")
    assert attempt(client, "10.9.0.1", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert attempt(client, "10.9.0.1").status_code == 200


def test_lock_times_are_counted_in_the_database(member, clock):
    """No counter lives in process memory: two app servers see the same rows."""
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username="staf-limit", ip_address=address(n), user_agent="x", attempt_time=timezone.now())
        for n in range(20)
    )
    assert throttling.account_lock("staf-limit", "198.51.100.1") is not None
