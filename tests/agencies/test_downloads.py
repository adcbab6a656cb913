"""The one download function (agencies/downloads.py) behind both stored-file views: record evidence and the
proof of a manual LAKIP value. The type comes from the stored bytes, never from the user's file name."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.downloads import content_disposition
from reports.models import ManualRealisation
from tests.agencies import corpus
from tests.agencies.test_views_evidence import stored_evidence
from tests.factories import ActivityFactory
from tests.reports.lakip.test_views_lakip_targets import MANUAL, manual_data

pytestmark = pytest.mark.django_db

PDF_NAME = "x.html"


def _assert_private(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def _manual_entry(client, name: str, data: bytes) -> ManualRealisation:
    response = client.post(MANUAL, manual_data(evidence=SimpleUploadedFile(name, data, "text/html")))
    assert response.status_code == 302
    return ManualRealisation.objects.get()


@pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
def test_manual_evidence_pdf_named_html_comes_back_as_pdf(client_a):
    entry = _manual_entry(client_a, PDF_NAME, corpus.real_pdf()[1])
    response = client_a.get(reverse("reports:manual-evidence", args=[entry.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename=\"x.html\"; filename*=UTF-8''x.html"
    _assert_private(response)


def test_evidence_pdf_named_html_comes_back_as_pdf(client_a, office_a):
    evidence = stored_evidence(ActivityFactory(office=office_a), name=PDF_NAME, data=corpus.real_pdf()[1])
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_private(response)


def test_type_is_sniffed_on_the_way_out_not_read_from_the_row(client_a, office_a):
    """A row that claims a type (old data, a hand edit) does not decide what the browser is told."""
    evidence = stored_evidence(
        ActivityFactory(office=office_a), name="foto.png", data=corpus.real_pdf()[1], content_type="text/html"
    )
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_unknown_stored_bytes_go_out_as_an_opaque_attachment(client_a, office_a):
    evidence = stored_evidence(ActivityFactory(office=office_a), name="a.html", data=b"<html><script>x</script>")
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_private(response)


@pytest.mark.parametrize(("label", "kind", "inline"), [("png", "image/png", True), ("jpeg", "image/jpeg", True),
                                                       ("docx", "application/vnd.openxmlformats-officedocument."
                                                        "wordprocessingml.document", False)])  # fmt: skip
def test_images_inline_everything_else_attachment(client_a, office_a, label, kind, inline):
    name, data = corpus.ACCEPTED[label]()
    evidence = stored_evidence(ActivityFactory(office=office_a), name=name, data=data)
    response = client_a.get(reverse("agencies:evidence-download", args=[evidence.pk]))
    assert response["Content-Type"] == kind
    assert response["Content-Disposition"].startswith("inline;" if inline else "attachment;")
    _assert_private(response)


@pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
def test_manual_evidence_image_is_inline_and_private(client_a):
    entry = _manual_entry(client_a, "rekap.png", corpus.real_png()[1])
    response = client_a.get(reverse("reports:manual-evidence", args=[entry.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    _assert_private(response)


def test_content_disposition_neutralises_quotes_and_newlines():
    header = content_disposition('a"b\r\nSet-Cookie: x=1;.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b__Set-Cookie_ x_1_.pdf"; ')
