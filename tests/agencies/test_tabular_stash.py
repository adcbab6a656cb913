"""The one preview → confirm stash: private, bound to its user, expiring, claimed once, purged."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from agencies import tabular_stash
from agencies.choices import Role
from agencies.tabular import FileRejected
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def stashed() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / tabular_stash.PREFIX
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(content=b"a;b\n1;2\n"):
    return SimpleUploadedFile("data.csv", content)


def test_stash_is_private_and_reads_back(staff_a):
    token = tabular_stash.stash(upload(), user=staff_a)
    [path] = stashed()
    assert path.stat().st_mode & 0o777 == 0o600 and token in path.name
    with tabular_stash.open_stash(token, user=staff_a) as fileobj:
        assert fileobj.read() == b"a;b\n1;2\n"


def test_another_users_token_is_refused(staff_a, staff_b):
    token = tabular_stash.stash(upload(), user=staff_a)
    with pytest.raises(FileRejected, match="tidak tersedia"):
        tabular_stash.open_stash(token, user=staff_b)
    with pytest.raises(FileRejected), tabular_stash.confirming(token, user=staff_b):
        pass
    assert len(stashed()) == 1  # the owner's stash is untouched


@pytest.mark.parametrize("token", ["", "../../settings", "0" * 32, "1764000000-" + "A" * 32, "176400000-" + "0" * 32])
def test_malformed_tokens_are_refused(staff_a, token):
    with pytest.raises(FileRejected):
        tabular_stash.open_stash(token, user=staff_a)


def test_an_expired_stash_is_gone(staff_a):
    token = tabular_stash.stash(upload(), user=staff_a)
    later = timezone.now() + tabular_stash.MAX_AGE + dt.timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(FileRejected, match="kedaluwarsa"):
        tabular_stash.open_stash(token, user=staff_a)
    assert stashed() == []


def test_confirm_deletes_the_stash_and_a_second_confirm_finds_nothing(staff_a):
    token = tabular_stash.stash(upload(), user=staff_a)
    with tabular_stash.confirming(token, user=staff_a) as claim:
        assert claim.file.read().startswith(b"a;b")
    assert stashed() == []
    with pytest.raises(FileRejected), tabular_stash.confirming(token, user=staff_a):
        pass


def test_a_confirm_already_running_holds_the_stash(staff_a):
    token = tabular_stash.stash(upload(), user=staff_a)
    with (
        tabular_stash.confirming(token, user=staff_a),
        pytest.raises(FileRejected),
        tabular_stash.confirming(token, user=staff_a),
    ):
        pass
    assert stashed() == []


def test_a_failing_confirm_rolls_back_and_keeps_the_stash(staff_a):
    token = tabular_stash.stash(upload(), user=staff_a)
    with pytest.raises(IntegrityError), tabular_stash.confirming(token, user=staff_a):
        UserFactory(username="tidak-jadi", role=Role.STAFF)
        raise IntegrityError
    assert not UserFactory._meta.model.objects.filter(username="tidak-jadi").exists()
    assert len(stashed()) == 1  # released: the preview can show it again
    with tabular_stash.confirming(token, user=staff_a) as claim:
        claim.keep = True
    assert len(stashed()) == 1


def test_stale_stashes_are_purged_by_the_next_stash(staff_a, staff_b):
    tabular_stash.stash(upload(), user=staff_a)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        tabular_stash.stash(upload(), user=staff_b)
    assert [path.name.split("-")[0] for path in stashed()] == [str(staff_b.pk)]


def test_expiry_follows_the_portals_clock_even_when_the_file_looks_new(staff_a):
    with time_machine.travel(dt.datetime(2025, 6, 16, 2, 0, tzinfo=dt.UTC)):
        token = tabular_stash.stash(upload(), user=staff_a)  # the file system stamps the real time
    with time_machine.travel(dt.datetime(2025, 6, 16, 3, 1, tzinfo=dt.UTC)), pytest.raises(FileRejected):
        tabular_stash.open_stash(token, user=staff_a)


def test_session_side(staff_a, client_a):
    session = client_a.session
    token = tabular_stash.stash(upload(), user=staff_a)
    tabular_stash.remember(session, "k", token, name="data.csv")
    assert tabular_stash.pending(session, "k") == {"token": token, "name": "data.csv"}
    tabular_stash.forget(session, "k", user=staff_a)
    assert tabular_stash.pending(session, "k") is None and stashed() == []


def test_kept_form_files_are_a_separate_area_purged_alike(staff_a, staff_b):
    token = tabular_stash.stash(upload(), user=staff_a, area=tabular_stash.KEPT)
    with pytest.raises(FileRejected):
        tabular_stash.open_stash(token, user=staff_a)  # not an import stash
    with tabular_stash.open_stash(token, user=staff_a, area=tabular_stash.KEPT) as kept:
        assert kept.read(2) == upload().read(2)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2)):
        tabular_stash.stash(upload(), user=staff_b)
    kept_folder = Path(settings.MEDIA_ROOT) / tabular_stash.KEPT
    assert list(kept_folder.iterdir()) == []
