"""The hostile-file corpus of issue 9: markup inside real images is dropped by the Pillow re-encoding; PDFs with
active content are refused with the reason in Indonesian, also when it hides in a compressed object stream or
behind an escaped name; the same rules hold for the proof of a manual LAKIP value."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agencies import evidence as rules
from agencies import files
from agencies.models import Evidence
from reports.models import ManualRealisation
from tests.agencies import corpus
from tests.factories import ActivityFactory
from tests.reports.lakip.test_views_lakip_targets import MANUAL, manual_data

pytestmark = pytest.mark.django_db


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _stored(evidence) -> bytes:
    with evidence.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("label", sorted(corpus.PDF_ACTIVE))
def test_pdf_with_active_content_refused_with_its_reason(label):
    build, reason = corpus.PDF_ACTIVE[label]
    name, data = build()
    assert files.sniff_type(io.BytesIO(data)) == files.PDF
    with pytest.raises(ValidationError) as refused:
        rules.validate_evidence_file(_file(name, data))
    (message,) = refused.value.messages
    assert message.startswith("PDF ditolak demi keamanan") and reason in message, message


def test_hidden_script_is_not_in_the_raw_bytes():
    """The compressed case really hides it: a raw-bytes scan alone would let it through."""
    _name, data = corpus.pdf_javascript_in_compressed_object_stream()
    assert b"JavaScript" not in data and b"/JS" not in data


def test_pdf_bomb_in_an_object_stream_is_refused(monkeypatch):
    monkeypatch.setattr(files, "PDF_MAX_INFLATED", 1000)
    data = corpus._pdf_with(extra_objects=(corpus._object_stream(b"<<>>" + b" " * 5000),))
    with pytest.raises(ValidationError, match="zip bomb"):
        files.check_pdf(io.BytesIO(data))


@pytest.mark.parametrize("build", [corpus.pdf_benign_open_action, corpus.real_pdf])
def test_plain_pdfs_are_accepted(build):
    name, data = build()
    assert rules.validate_evidence_file(_file(name, data)).content_type == rules.PDF


@pytest.mark.parametrize("label", sorted(corpus.NEUTRALISED))
def test_markup_inside_images_is_not_stored(client_a, office_a, label):
    build, payload = corpus.NEUTRALISED[label]
    name, data = build()
    assert payload in data
    activity = ActivityFactory(office=office_a)
    url = reverse("agencies:evidence-upload", args=["activity", activity.pk])
    assert client_a.post(url, {"files": [_file(name, data)], "evidence_kind": "photo"}).status_code == 302
    evidence = Evidence.objects.get(activity=activity)
    stored = _stored(evidence)
    assert payload not in stored and b"javascript" not in stored.lower() and b"onerror" not in stored
    assert evidence.size == len(stored) and evidence.sha256 == hashlib.sha256(stored).hexdigest()
    with Image.open(io.BytesIO(stored)) as image, Image.open(io.BytesIO(data)) as original:
        assert image.format == original.format and image.size == original.size
        assert not image.info.get("Comment")


def test_photo_is_stored_upright_without_exif():
    _name, data = corpus.jpeg_rotated_with_gps()
    sniffed = rules.validate_evidence_file(_file("potret.jpg", data))
    with Image.open(io.BytesIO(sniffed.clean)) as image:
        assert image.format == "JPEG" and image.size == (40, 80)  # orientation 6 applied
        assert not image.getexif() and "exif" not in image.info
    assert b"Kamera Ponsel" not in sniffed.clean


def test_the_same_image_uploaded_twice_hashes_the_same():
    first = rules.validate_evidence_file(_file("a.jpg", corpus.jpeg_with_html_after_the_end()[1]))
    again = rules.validate_evidence_file(_file("b.jpg", corpus.jpeg_with_html_after_the_end()[1]))
    assert first.sha256 == again.sha256 == hashlib.sha256(first.clean).hexdigest()


@pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
def test_manual_evidence_follows_the_same_rules(client_a):
    name, data = corpus.jpeg_with_html_after_the_end()
    assert client_a.post(MANUAL, manual_data(evidence=_file(name, data))).status_code == 302
    stored = ManualRealisation.objects.get().evidence.read()
    assert corpus.HTML_IN_JPEG not in stored and stored.startswith(b"\xff\xd8\xff")
    name, data = corpus.pdf_javascript_in_compressed_object_stream()
    response = client_a.post(MANUAL, manual_data(quarter="1", evidence=_file(name, data)))
    assert response.status_code == 200
    assert "PDF ditolak demi keamanan" in response.content.decode()
    assert ManualRealisation.objects.count() == 1
