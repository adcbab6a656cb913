"""Stored files on a real S3 endpoint (moto's server on loopback, tests/infra/conftest.py): every file a request
needs goes through Django's storage API, so several app servers share them.

Downloads are streamed by the permission-checked view, never redirected to the bucket (docs/operations.md,
"Stored files"): the bucket stays private and unreachable from browsers, the response keeps its sniffed type and
sandbox headers, and there is no bearer URL to leak.
"""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies import tabular_stash
from agencies.models import Activity, Evidence
from agencies.tabular import FileRejected
from reports.models import ManualRealisation
from tests.agencies import corpus
from tests.factories import ActivityFactory, PartnerFactory
from tests.reports.lakip.test_views_lakip_targets import MANUAL, manual_data

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def _upload_evidence(client, activity, files) -> None:
    url = reverse("agencies:evidence-upload", args=["activity", activity.pk])
    response = client.post(url, {"files": [SimpleUploadedFile(*f) for f in files], "evidence_kind": "report"})
    assert response.status_code == 302


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_uploaded_evidence_lands_in_the_bucket_byte_for_byte(client_a, office_a, s3_storage, s3_bucket):
    activity = ActivityFactory(office=office_a)
    name, pdf = corpus.real_pdf()
    _upload_evidence(client_a, activity, [(name, pdf)])
    evidence = Evidence.objects.get()
    assert s3_storage.objects(s3_bucket) == {evidence.file.name: pdf}


def test_download_is_streamed_after_the_permission_check(role_clients, office_a, s3_storage):
    name, pdf = corpus.real_pdf()
    _upload_evidence(role_clients["own_office"], ActivityFactory(office=office_a), [(name, pdf)])
    url = reverse("agencies:evidence-download", args=[Evidence.objects.get().pk])
    statuses = {role: client.get(url).status_code for role, client in role_clients.items()}
    assert statuses == {"anonymous": 302, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    response = role_clients["own_office"].get(url)
    assert _body(response) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert s3_storage.endpoint not in str(response.headers)  # no redirect to, nor mention of, the bucket


def test_thumbnail_is_made_and_kept_in_the_bucket(client_a, office_a, s3_storage, s3_bucket):
    _upload_evidence(client_a, ActivityFactory(office=office_a), [corpus.real_png(size=(640, 480))])
    response = client_a.get(reverse("agencies:evidence-thumbnail", args=[Evidence.objects.get().pk]))
    assert response.status_code == 200
    assert _body(response)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert any(key.startswith("thumbs/") for key in s3_storage.objects(s3_bucket))


def test_deleting_evidence_deletes_its_object(
    client_a, office_a, s3_storage, s3_bucket, django_capture_on_commit_callbacks
):
    _upload_evidence(client_a, ActivityFactory(office=office_a), [corpus.real_pdf(), corpus.real_xlsx()])
    first, second = Evidence.objects.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(reverse("agencies:evidence-delete", args=[first.pk]))
    assert set(s3_storage.objects(s3_bucket)) == {second.file.name}


def test_deleting_a_record_deletes_all_its_objects(
    client_a, office_a, s3_storage, s3_bucket, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(office=office_a)
    _upload_evidence(client_a, activity, [corpus.real_pdf(), corpus.real_xlsx()])
    assert len(s3_storage.objects(s3_bucket)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("agencies:activity-delete", args=[activity.pk]))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert s3_storage.objects(s3_bucket) == {}


@pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
def test_manual_realisation_proof_replaced_leaves_one_object(
    client_a, s3_storage, s3_bucket, django_capture_on_commit_callbacks
):
    first, second = corpus.real_pdf()[1], corpus.real_xlsx()[1]
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(MANUAL, manual_data(evidence=SimpleUploadedFile("a.pdf", first)))
        client_a.post(MANUAL, manual_data(evidence=SimpleUploadedFile("b.xlsx", second)))
    entry = ManualRealisation.objects.get()
    assert s3_storage.objects(s3_bucket) == {entry.evidence.name: second}
    response = client_a.get(reverse("reports:manual-evidence", args=[entry.pk]))
    assert _body(response) == second


def _activity_workbook() -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kegiatan"
    sheet.append(["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"])
    sheet.append(
        ["Rapat koordinasi pilkada", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "kegiatan.xlsx"
    return buffer


def _stashes(server, bucket) -> list[str]:
    return [key for key in server.objects(bucket) if key.startswith("imports/")]


@pytest.mark.clock(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))
def test_import_stash_in_the_bucket_is_confirmed_once(client_a, office_a, s3_storage, s3_bucket):
    PartnerFactory(name="Polres Depok")
    client_a.post(reverse("reports:import-start"), {"kind": "activities", "file": _activity_workbook()})
    assert len(_stashes(s3_storage, s3_bucket)) == 1
    assert "Rapat koordinasi pilkada" in client_a.get(reverse("reports:import-preview")).content.decode()
    done = client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    assert done["Location"].startswith(reverse("agencies:activity-list"))
    assert Activity.objects.get().office == office_a
    assert _stashes(s3_storage, s3_bucket) == []


@pytest.mark.clock(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))
def test_import_stash_in_the_bucket_expires(client_a, clock, s3_storage, s3_bucket):
    PartnerFactory(name="Polres Depok")
    client_a.post(reverse("reports:import-start"), {"kind": "activities", "file": _activity_workbook()})
    clock.shift(tabular_stash.MAX_AGE + dt.timedelta(minutes=1))
    response = client_a.get(reverse("reports:import-preview"), follow=True)
    assert "kedaluwarsa" in response.content.decode()
    assert _stashes(s3_storage, s3_bucket) == []
    assert client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})["Location"] == reverse(
        "reports:import-start"
    )
    assert not Activity.objects.exists()


def test_second_claim_of_a_stash_is_refused_even_without_the_marker(staff_a, s3_storage, s3_bucket):
    """Two confirms on two servers can both look for the marker object before either writes it (an object store
    has no exclusive create); the atomic add in the shared cache is what refuses the second."""
    token = tabular_stash.stash(SimpleUploadedFile("a.csv", b"Nama\nx\n"), user=staff_a)
    with tabular_stash.confirming(token, user=staff_a) as claim:
        claim.keep = True
        [marker] = [key for key in _stashes(s3_storage, s3_bucket) if key.endswith(tabular_stash.CLAIM_SUFFIX)]
        s3_storage.client().delete_object(Bucket=s3_bucket, Key=marker)
        with pytest.raises(FileRejected), tabular_stash.confirming(token, user=staff_a):
            pass
    with tabular_stash.confirming(token, user=staff_a) as claim:  # released by `keep`: claimable again
        assert claim.file.read() == b"Nama\nx\n"
    assert _stashes(s3_storage, s3_bucket) == []
