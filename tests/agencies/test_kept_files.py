"""Evidence files kept across a failed submit of the agreement and activity forms (agencies/kept_files.py)."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencies import tabular_stash
from agencies.kept_files import SESSION_KEY
from agencies.models import Activity, Agreement, Evidence
from tests.agencies import corpus
from tests.factories import AgreementFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _agreement_data(partner, **overrides):
    data = {
        "kind": "pks",
        "title": "PKS pengawasan partisipatif",
        "partners": [partner.pk],
        "focus_areas": ["prevention"],
        "start_date": "2025-01-10",
        "end_date": "2027-01-09",
        "evidence_kind": "signed_document",
    }
    return {**data, **overrides}


def kept_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / tabular_stash.KEPT


def kept_tokens(page: str) -> list[str]:
    return re.findall(r'name="kept_files" value="([0-9a-f-]+)"', page)


def fail_with_file(client, partner, name="pks.pdf"):
    """A submit without a title (an error) carrying a good PDF: the page keeps the PDF attached."""
    filename, data = corpus.real_pdf(name)
    payload = _agreement_data(partner, title="", files=[SimpleUploadedFile(filename, data)])
    return client.post(reverse("agencies:agreement-create"), payload)


def test_a_good_file_is_kept_and_stored_on_the_next_submit(client_a, office_a):
    partner = PartnerFactory()
    page = fail_with_file(client_a, partner).content.decode()
    assert not Agreement.objects.exists()
    [token] = kept_tokens(page)
    assert "Berkas terlampir" in page and "pks.pdf" in page and "Hapus lampiran pks.pdf" in page
    [stashed] = kept_dir().iterdir()
    assert stashed.stat().st_mode & 0o777 == 0o600
    response = client_a.post(reverse("agencies:agreement-create"), _agreement_data(partner, kept_files=[token]))
    agreement = Agreement.objects.get()
    assert response["Location"] == agreement.detail_url()
    assert list(agreement.evidence.values_list("original_name", "kind")) == [("pks.pdf", "signed_document")]
    assert list(kept_dir().iterdir()) == []
    assert client_a.session[SESSION_KEY] == {}


def test_a_save_without_kept_files_leaves_the_session_alone(client_a, office_a):
    """No kept file: the save does not rewrite the session (a database write on every record save)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_a.get(reverse("agencies:agreement-list"))  # the first page after signing in renews the session
    with CaptureQueriesContext(connection) as ctx:
        response = client_a.post(reverse("agencies:agreement-create"), _agreement_data(PartnerFactory()))
    assert response.status_code == 302 and Agreement.objects.count() == 1
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert SESSION_KEY not in client_a.session


def test_a_removed_file_is_not_stored(client_a):
    partner = PartnerFactory()
    fail_with_file(client_a, partner)
    client_a.post(reverse("agencies:agreement-create"), _agreement_data(partner))  # the box unchecked
    assert Agreement.objects.count() == 1
    assert not Evidence.objects.exists()


def test_another_sessions_token_is_ignored(client_a, client_b, office_a):
    partner = PartnerFactory()
    [token] = kept_tokens(fail_with_file(client_a, partner).content.decode())
    client_b.post(reverse("agencies:agreement-create"), _agreement_data(partner, kept_files=[token]))
    assert Agreement.objects.get().evidence.count() == 0
    assert len(list(kept_dir().iterdir())) == 1  # still client A's


def test_an_expired_file_is_named_and_nothing_is_saved(client_a):
    partner = PartnerFactory()
    [token] = kept_tokens(fail_with_file(client_a, partner).content.decode())
    with time_machine.travel(timezone.now() + tabular_stash.MAX_AGE + dt.timedelta(minutes=1), tick=False):
        page = client_a.post(reverse("agencies:agreement-create"), _agreement_data(partner, kept_files=[token]))
    assert not Agreement.objects.exists()
    assert "pks.pdf: berkas yang dilampirkan sebelumnya sudah kedaluwarsa" in page.content.decode()
    assert kept_tokens(page.content.decode()) == []


def test_good_files_of_a_refused_batch_are_kept(client_a):
    partner = PartnerFactory()
    good_name, good = corpus.real_pdf("notulen.pdf")
    bad_name, bad = corpus.html_renamed_pdf()
    files = [SimpleUploadedFile(good_name, good), SimpleUploadedFile(bad_name, bad)]
    page = client_a.post(reverse("agencies:agreement-create"), _agreement_data(partner, files=files)).content.decode()
    assert not Agreement.objects.exists()
    assert "Berkas yang ditolak tidak disimpan" in page
    [token] = kept_tokens(page)
    client_a.post(reverse("agencies:agreement-create"), _agreement_data(partner, kept_files=[token]))
    assert list(Agreement.objects.get().evidence.values_list("original_name", flat=True)) == ["notulen.pdf"]


def test_activity_form_keeps_a_photo_across_a_future_date(client_a, office_a):
    partner = PartnerFactory()
    name, data = corpus.real_png("foto.png")
    payload = {
        "title": "Rapat koordinasi",
        "kind": "coordination",
        "start_date": "2025-06-20",  # after today (16 June 2025): refused
        "end_date": "2025-06-20",
        "partners": [partner.pk],
        "stage": "pre_stage",
        "participants_male": 3,
        "participants_female": 2,
        "reports_received": 0,
        "evidence_kind": "photo",
        "files": [SimpleUploadedFile(name, data)],
    }
    page = client_a.post(reverse("agencies:activity-create"), payload).content.decode()
    [token] = kept_tokens(page)
    fixed = {**payload, "start_date": "2025-06-10", "end_date": "2025-06-10", "kept_files": [token]}
    del fixed["files"]
    client_a.post(reverse("agencies:activity-create"), fixed)
    activity = Activity.objects.get()
    assert list(activity.evidence.values_list("original_name", "content_type")) == [("foto.png", "image/png")]


def test_edit_form_keeps_a_file_across_a_stale_version(client_a, office_a):
    agreement = AgreementFactory(office=office_a)
    partner = PartnerFactory()
    name, data = corpus.real_pdf("adendum.pdf")
    payload = _agreement_data(partner, version=agreement.version + 5, files=[SimpleUploadedFile(name, data)])
    page = client_a.post(reverse("agencies:agreement-edit", args=[agreement.pk]), payload).content.decode()
    [token] = kept_tokens(page)
    fixed = _agreement_data(partner, version=agreement.version, kept_files=[token])
    client_a.post(reverse("agencies:agreement-edit", args=[agreement.pk]), fixed)
    assert list(agreement.evidence.values_list("original_name", flat=True)) == ["adendum.pdf"]


def test_record_page_upload_keeps_the_good_files_of_a_refused_batch(client_a, office_a):
    agreement = AgreementFactory(office=office_a)
    url = reverse("agencies:evidence-upload", args=["agreement", agreement.pk])
    good_name, good = corpus.real_pdf("notulen.pdf")
    bad_name, bad = corpus.html_renamed_pdf()
    files = [SimpleUploadedFile(good_name, good), SimpleUploadedFile(bad_name, bad)]
    response = client_a.post(url, {"files": files, "evidence_kind": "minutes"})
    assert response.status_code == 302 and not Evidence.objects.exists()
    page = client_a.get(agreement.detail_url()).content.decode()
    assert "tetap terlampir pada formulir unggah" in page
    [token] = kept_tokens(page)
    assert 'id="upload-files" multiple accept' in page  # no new file required
    client_a.post(url, {"kept_files": [token], "evidence_kind": "minutes"})
    assert list(agreement.evidence.values_list("original_name", "kind")) == [("notulen.pdf", "minutes")]
    assert kept_tokens(client_a.get(agreement.detail_url()).content.decode()) == []


def test_record_page_kept_files_are_the_records_own(client_a, office_a):
    first, second = AgreementFactory(office=office_a), AgreementFactory(office=office_a)
    good_name, good = corpus.real_pdf("notulen.pdf")
    bad_name, bad = corpus.html_renamed_pdf()
    files = [SimpleUploadedFile(good_name, good), SimpleUploadedFile(bad_name, bad)]
    client_a.post(reverse("agencies:evidence-upload", args=["agreement", first.pk]), {"files": files})
    assert len(kept_tokens(client_a.get(first.detail_url()).content.decode())) == 1
    assert kept_tokens(client_a.get(second.detail_url()).content.decode()) == []
