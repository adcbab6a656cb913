"""The upload corpus: real PDF, PNG, JPEG, DOCX and XLSX accepted; hostile files refused or neutralised,
both by the rules in agencies/evidence.py and through the upload view (all or nothing)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies import evidence as rules
from agencies.models import Evidence
from tests.agencies import corpus
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

IMAGES = {"png", "jpeg"}
EXPECTED_TYPES = {
    "pdf": rules.PDF,
    "png": rules.PNG,
    "jpeg": rules.JPEG,
    "docx": rules.DOCX,
    "xlsx": rules.XLSX,
}


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _upload(client, activity, *files, kind="photo"):
    url = reverse("agencies:evidence-upload", args=["activity", activity.pk])
    return client.post(url, {"files": [_file(n, d) for n, d in files], "evidence_kind": kind})


@pytest.mark.parametrize("label", sorted(corpus.ACCEPTED))
def test_real_files_recognised_from_their_bytes(label):
    name, data = corpus.ACCEPTED[label]()
    sniffed = rules.validate_evidence_file(_file("tanpa-ekstensi", data))
    assert sniffed.content_type == EXPECTED_TYPES[label]
    # Images are stored as their re-encoding (see test_active_content_corpus.py): size of what is stored.
    assert sniffed.size == (len(sniffed.clean) if label in IMAGES else len(data))


@pytest.mark.parametrize("label", sorted(corpus.REFUSED))
def test_hostile_files_refused_by_the_rules(label):
    name, data = corpus.REFUSED[label]()
    with pytest.raises(ValidationError):
        rules.validate_evidence_file(_file(name, data))


@pytest.mark.parametrize("label", sorted(corpus.ACCEPTED))
def test_real_files_uploaded_and_stored_under_random_names(client_a, office_a, label):
    activity = ActivityFactory(office=office_a)
    name, data = corpus.ACCEPTED[label]()
    response = _upload(client_a, activity, (name, data), kind="report")
    assert response.status_code == 302
    evidence = Evidence.objects.get(activity=activity)
    assert evidence.original_name == name
    assert evidence.content_type == EXPECTED_TYPES[label]
    stored = evidence.file.name
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpg|docx|xlsx)", stored), stored
    assert name.rsplit(".", 1)[0] not in stored
    with evidence.file.open("rb") as handle:
        stored_bytes = handle.read()
    assert evidence.size == len(stored_bytes)
    assert stored_bytes == data or label in IMAGES


@pytest.mark.parametrize("label", sorted(corpus.REFUSED))
def test_hostile_files_refused_through_the_view(client_a, office_a, label):
    activity = ActivityFactory(office=office_a)
    name, data = corpus.REFUSED[label]()
    response = _upload(client_a, activity, (name, data))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "tidak ada berkas yang disimpan" in text
    assert name.rsplit("/", 1)[-1] in text


def test_oversize_file_refused_with_the_limit_in_the_message(client_a, office_a, settings):
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    activity = ActivityFactory(office=office_a)
    response = _upload(client_a, activity, corpus.oversize_pdf(settings.EVIDENCE_MAX_BYTES))
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "besar.pdf: Berkas terlalu besar: maksimal 2 MB per berkas." in text
    assert not Evidence.objects.exists()


def test_a_file_exactly_at_the_limit_is_accepted(client_a, office_a, settings):
    name, data = corpus.real_pdf()
    settings.EVIDENCE_MAX_BYTES = len(data)
    activity = ActivityFactory(office=office_a)
    _upload(client_a, activity, (name, data))
    assert Evidence.objects.filter(activity=activity).count() == 1


def test_one_refused_file_stores_none_of_the_batch(client_a, office_a, settings):
    activity = ActivityFactory(office=office_a)
    batch = [corpus.real_pdf(), corpus.html_renamed_pdf(), corpus.real_png()]
    response = _upload(client_a, activity, *batch)
    assert not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists() or not any((settings.MEDIA_ROOT / "evidence").rglob("*.*"))
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "surat-undangan.pdf: Berkas berisi kode HTML/SVG dan ditolak demi keamanan." in text
    assert "notulen.pdf" not in text


def test_a_batch_of_good_files_is_stored_together(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    _upload(client_a, activity, corpus.real_pdf(), corpus.real_png(), corpus.real_jpeg(), kind="attendance")
    rows = Evidence.objects.filter(activity=activity)
    assert sorted(rows.values_list("original_name", flat=True)) == ["dokumentasi.jpg", "foto-rapat.png", "notulen.pdf"]
    assert set(rows.values_list("kind", flat=True)) == {"attendance"}


def test_traversal_in_the_name_is_neutralised(client_a, office_a, settings):
    activity = ActivityFactory(office=office_a)
    _upload(client_a, activity, corpus.traversal_name())
    evidence = Evidence.objects.get()
    assert evidence.original_name == "foto.png"
    assert ".." not in evidence.file.name
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.resolve().is_relative_to((settings.MEDIA_ROOT / "evidence").resolve())
    assert not (settings.MEDIA_ROOT.parent / "etc").exists()
    download = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    # A re-encoded image is shown inline (agencies/downloads.py); the name is still only the base name.
    assert download["Content-Disposition"] == "inline; filename=\"foto.png\"; filename*=UTF-8''foto.png"


def test_a_file_named_like_a_script_is_still_only_what_its_bytes_say(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    _upload(client_a, activity, ("serangan.html", corpus.real_png()[1]))
    evidence = Evidence.objects.get()
    assert evidence.content_type == rules.PNG
    assert evidence.file.name.endswith(".png")
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename=\"serangan.html\"; filename*=UTF-8''serangan.html"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_service_neutralises_a_raw_traversal_name(staff_a, office_a):
    """Below the view (an import, a script): the service itself keeps only the base name."""
    from agencies import services

    activity = ActivityFactory(office=office_a)
    raw = ContentFile(corpus.real_png()[1], name="..\\..\\windows\\..\\../rahasia/.foto.png")
    assert raw.name.startswith("..")  # unlike an UploadedFile, nothing cleaned this name before the service
    (evidence,) = services.evidence_add_many(user=staff_a, record=activity, files=[raw], kind="photo")
    assert evidence.original_name == "foto.png"
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.png", evidence.file.name)
