"""Evidence upload, download, thumbnail and delete: permission matrix, headers, caching, history."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agencies import thumbnails
from agencies.models import Evidence, VerificationEvent
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


def stored_evidence(record, name="foto-kegiatan.png", data=None, **fields) -> Evidence:
    """A real stored file, as the upload service leaves it."""
    data = data if data is not None else corpus.real_png(size=(640, 480))[1]
    key = "agreement" if record.__class__.__name__ == "Agreement" else "activity"
    evidence = Evidence(
        office=record.office,
        kind="photo",
        original_name=name,
        size=len(data),
        sha256="a" * 64,
        content_type=fields.pop("content_type", "image/png"),
        **{key: record},
        **fields,
    )
    evidence.file.save("x.png", ContentFile(data), save=False)
    evidence.save()
    return evidence


READ = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
CHANGE = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 403, "leader": 403}


def test_matrix_download_and_thumbnail(role_clients, office_a):
    evidence = stored_evidence(ActivityFactory(office=office_a))
    check_matrix(role_clients, "get", reverse("agencies:evidence-download", args=[evidence.pk]), READ)
    check_matrix(role_clients, "get", reverse("agencies:evidence-thumbnail", args=[evidence.pk]), READ)


def test_matrix_delete_page(role_clients, office_a):
    evidence = stored_evidence(ActivityFactory(office=office_a))
    check_matrix(role_clients, "get", reverse("agencies:evidence-delete", args=[evidence.pk]), CHANGE)
    refused = {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403}
    check_matrix(role_clients, "post", reverse("agencies:evidence-delete", args=[evidence.pk]), refused)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("kind", ["activity", "agreement"])
def test_matrix_upload(role_clients, office_a, kind):
    record = ActivityFactory(office=office_a) if kind == "activity" else AgreementFactory(office=office_a)
    url = reverse("agencies:evidence-upload", args=[kind, record.pk])

    def payload():
        return {"files": [SimpleUploadedFile(*corpus.real_pdf())], "evidence_kind": "report"}

    for role, want in {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403}.items():
        response = role_clients[role].post(url, payload())
        assert response.status_code == (302 if want == LOGIN else want), role
    assert not Evidence.objects.exists()
    response = role_clients["own_office"].post(url, payload())
    assert response.status_code == 302 and response["Location"].endswith("#bukti")
    assert record.evidence.count() == 1


def test_upload_get_not_allowed_and_unknown_kind_404(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    assert client_a.get(reverse("agencies:evidence-upload", args=["activity", activity.pk])).status_code == 405
    response = client_a.post(reverse("agencies:evidence-upload", args=["partner", activity.pk]), {})
    assert response.status_code == 404


def test_foreign_ids_never_reach_another_offices_record(client_b, office_a):
    activity = ActivityFactory(office=office_a)
    evidence = stored_evidence(activity)
    for name, args in (
        ("evidence-upload", ["activity", activity.pk]),
        ("evidence-delete", [evidence.pk]),
    ):
        assert client_b.post(reverse(f"agencies:{name}", args=args), {}).status_code == 404
    assert client_b.get(reverse("agencies:evidence-download", args=[evidence.pk])).status_code == 404
    assert client_b.get(reverse("agencies:evidence-download", args=[987654])).status_code == 404


def test_upload_without_files_explains(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    response = client_a.post(reverse("agencies:evidence-upload", args=["activity", activity.pk]), follow=True)
    assert "Pilih minimal satu berkas untuk diunggah." in response.content.decode()


def test_download_headers(client_a, office_a):
    data = corpus.real_pdf()[1]
    evidence = stored_evidence(
        ActivityFactory(office=office_a),
        name="Notulen rapat “Pemilu” 2024.pdf",
        data=data,
        content_type="application/pdf",
    )
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="Notulen rapat _Pemilu_ 2024.pdf"; '
        "filename*=UTF-8''Notulen%20rapat%20%E2%80%9CPemilu%E2%80%9D%202024.pdf"
    )
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_missing_file_is_404(client_a, office_a):
    evidence = stored_evidence(ActivityFactory(office=office_a))
    evidence.file.storage.delete(evidence.file.name)
    assert client_a.get(reverse("agencies:evidence-download", args=[evidence.pk])).status_code == 404


def test_thumbnail_is_generated_once_and_cached(client_a, office_a, settings, monkeypatch):
    evidence = stored_evidence(ActivityFactory(office=office_a))
    response = client_a.get(reverse("agencies:evidence-thumbnail", args=[evidence.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    from io import BytesIO

    with Image.open(BytesIO(body)) as thumb:
        assert thumb.size == (320, 240)  # 640×480 scaled into 320×240
    cached = settings.MEDIA_ROOT / thumbnails.thumbnail_name(evidence)
    assert cached.exists()

    def boom(*args, **kwargs):
        raise AssertionError("a cached thumbnail must not be rendered again")

    monkeypatch.setattr(thumbnails, "render_thumbnail", boom)
    assert client_a.get(reverse("agencies:evidence-thumbnail", args=[evidence.pk])).status_code == 200


def test_no_thumbnail_for_documents_or_broken_images(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    pdf = stored_evidence(activity, name="a.pdf", data=corpus.real_pdf()[1], content_type="application/pdf")
    broken = stored_evidence(activity, name="b.png", data=b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    for evidence in (pdf, broken):
        assert client_a.get(reverse("agencies:evidence-thumbnail", args=[evidence.pk])).status_code == 404


def test_detail_page_shows_thumbnails_through_the_view(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    evidence = stored_evidence(activity)
    page = client_a.get(reverse("agencies:activity-detail", args=[activity.pk])).content.decode()
    assert f'src="{reverse("agencies:evidence-thumbnail", args=[evidence.pk])}"' in page
    assert "/media" not in page and evidence.file.name not in page


def test_upload_takes_a_verified_record_back_to_draft(client_a, office_a):
    activity = ActivityFactory(office=office_a, verification_status="verified")
    client_a.post(
        reverse("agencies:evidence-upload", args=["activity", activity.pk]),
        {"files": [SimpleUploadedFile(*corpus.real_png())], "evidence_kind": "photo"},
    )
    activity.refresh_from_db()
    assert activity.verification_status == "draft"
    assert VerificationEvent.objects.get(activity=activity).action == "reopen"


def test_delete_evidence_removes_the_file_and_keeps_history(
    client_a, office_a, staff_a, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(office=office_a)
    evidence = stored_evidence(activity)
    path = evidence.file.path
    page = client_a.get(reverse("agencies:evidence-delete", args=[evidence.pk])).content.decode()
    assert "foto-kegiatan.png" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("agencies:evidence-delete", args=[evidence.pk]))
    assert response["Location"] == reverse("agencies:activity-detail", args=[activity.pk]) + "#bukti"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    import os

    assert not os.path.exists(path)
    gone = Evidence.history.get(id=evidence.pk, history_type="-")
    assert (gone.original_name, gone.history_user) == ("foto-kegiatan.png", staff_a)
    history = client_a.get(reverse("agencies:activity-detail", args=[activity.pk])).context["history"]
    assert [(e.action, e.changes[0][2]) for e in history if e.css == "evidence"] == [
        ("Bukti dihapus", "foto-kegiatan.png (Foto)"),
        ("Bukti ditambahkan", "foto-kegiatan.png (Foto)"),
    ]


def test_a_file_shared_by_two_rows_is_kept_until_the_last_goes(client_a, office_a, django_capture_on_commit_callbacks):
    activity = ActivityFactory(office=office_a)
    first = stored_evidence(activity)
    second = Evidence.objects.create(
        office=office_a,
        activity=activity,
        kind="photo",
        file=first.file.name,
        original_name="salinan.png",
        size=first.size,
        content_type="image/png",
        sha256=first.sha256,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(reverse("agencies:evidence-delete", args=[first.pk]))
    assert second.file.storage.exists(second.file.name)
