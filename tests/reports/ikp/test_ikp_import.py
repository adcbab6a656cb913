"""IKP import: the whole file is checked, a preview is shown, then everything or nothing is saved."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencies import tabular_stash
from agencies.choices import Role
from agencies.models import Office
from reports.ikp import importing as ikp
from reports.models import IkpScore
from tests.conftest import _client_for
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

HEADER = ";".join(ikp.REQUIRED_COLUMNS + ["sumber"])


def csv_file(*lines, header=HEADER, name="ikp.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, ("\n".join([header, *lines]) + "\n").encode(encoding), "text/csv")


def xlsx_file(rows, name="ikp.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, file):
    return client.post(reverse("reports:ikp-import"), {"file": file})


def errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def test_csv_preview_then_confirm(client_verifier):
    response = upload(
        client_verifier,
        csv_file(
            "32.76;2024;45,5;52;61,25;38;sedang;sedang;TINGGI;rendah;IKP Bawaslu 2024",
            "3201;2024;10;20;30;40;rendah;rendah;sedang;sedang;",
            ";;;;;;;;;;",  # blank rows are skipped
        ),
    )
    assert response.status_code == 200 and response.templates[0].name == "reports/ikp_import_preview.html"
    assert [row["office_code"] for row in response.context["preview"]] == ["32.76", "32.01"]
    assert not IkpScore.objects.exists()  # nothing before confirmation
    done = client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"})
    assert done.status_code == 302 and done["Location"] == reverse("reports:ikp") + "?year=2024"
    depok = IkpScore.objects.get(office__code="32.76", year=2024)
    assert (depok.social_political, depok.contestation, depok.contestation_level) == (
        Decimal("45.50"),
        Decimal("61.25"),
        "tinggi",
    )
    assert depok.source_note == "IKP Bawaslu 2024" and depok.updated_by.username == "verif"
    assert IkpScore.objects.count() == 2


def test_second_import_updates(client_verifier, verifier):
    IkpScore.objects.create(
        office=office("32.76"),
        year=2024,
        **dict.fromkeys(("social_political", "administration", "contestation", "participation"), Decimal(1)),
        **dict.fromkeys(
            ("social_political_level", "administration_level", "contestation_level", "participation_level"), "rendah"
        ),
    )
    response = upload(client_verifier, csv_file("32.76;2024;70;20;30;40;tinggi;rendah;sedang;sedang;"))
    assert response.context["updates"] == 1
    client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"})
    assert IkpScore.objects.get().social_political == Decimal("70.00")


def test_xlsx_with_codes_turned_into_numbers(client_verifier):
    header = ["Kode_Wilayah", "nama_wilayah", "tahun", *ikp.REQUIRED_COLUMNS[2:]]
    rows = [header, [32.1, "Kabupaten Majalengka", 2024, 50, 50.25, 50, 50, "sedang", "sedang", "sedang", "sedang"]]
    response = upload(client_verifier, xlsx_file(rows))
    assert [row["office_code"] for row in response.context["preview"]] == ["32.10"]  # 32.1 was "32.10"
    client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"})
    assert IkpScore.objects.get().administration == Decimal("50.25")


def test_one_bad_row_saves_nothing_and_names_every_problem(client_verifier):
    response = upload(
        client_verifier,
        csv_file(
            "32.76;2024;45;52;61;38;sedang;sedang;tinggi;rendah;",
            "32;2024;101;abc;61,255;-1;parah;sedang;tinggi;rendah;",
            "32.76;2024;45;52;61;38;sedang;sedang;tinggi;rendah;",
            '32.01;20x4;1;1;1;1;rendah;rendah;rendah;rendah;=HYPERLINK("http://x")',
        ),
    )
    assert response.status_code == 200 and "preview" not in response.context
    problems = errors(response)
    assert problems[0] == (
        "Baris 3: kode_wilayah “32” bukan kode salah satu dari 27 kabupaten/kota; skor_sosial_politik harus antara "
        "0 dan 100; skor_penyelenggaraan “abc” bukan angka; skor_kontestasi paling banyak dua angka di belakang "
        "koma; skor_partisipasi harus antara 0 dan 100; tingkat_sosial_politik harus rendah, sedang atau tinggi "
        "(bukan “parah”)."
    )
    assert problems[1] == "Baris 4: 32.76 tahun 2024 sudah ada di baris 2."
    assert problems[2].startswith("Baris 5: tahun “20x4” tidak valid; sumber tidak boleh diawali =")
    assert len(problems) == 3
    confirm = client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"}, follow=True)
    assert "kedaluwarsa" in confirm.content.decode()  # nothing was kept to confirm
    assert not IkpScore.objects.exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SimpleUploadedFile("ikp.txt", b"x"), "Kolom wajib tidak ditemukan: kode_wilayah"),
        (lambda: SimpleUploadedFile("ikp.csv", b""), "Berkas yang dikirimkan kosong."),
        (lambda: csv_file(header="kode_wilayah;tahun"), "Kolom wajib tidak ditemukan: skor_sosial_politik"),
        (lambda: csv_file(header=HEADER + ";catatan"), "Kolom tidak dikenal: catatan."),
        (lambda: csv_file(header=HEADER + ";tahun"), "Judul kolom ganda: tahun."),
        (lambda: csv_file(), "Berkas tidak berisi baris data."),
        (lambda: csv_file("32.76;2024;1;1;1;1;rendah;rendah;rendah;rendah;", encoding="utf-16"), "UTF-8"),
        (lambda: SimpleUploadedFile("ikp.xlsx", b"PK\x03\x04 rusak"), "Berkas .xlsx rusak atau tidak dapat dibaca."),
        (lambda: SimpleUploadedFile("ikp.csv", b"a" * (ikp.MAX_BYTES + 1)), "Berkas terlalu besar"),
    ],
)
def test_bad_files_are_refused_in_indonesian(client_verifier, make, message):
    response = upload(client_verifier, make())
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert not IkpScore.objects.exists()


def test_xlsx_zip_bomb_is_refused(client_verifier):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024 + 1))
    response = upload(client_verifier, SimpleUploadedFile("ikp.xlsx", buffer.getvalue()))
    assert any("dugaan zip bomb" in error for error in errors(response))


def test_cancel_keeps_nothing(client_verifier):
    upload(client_verifier, csv_file("32.76;2024;45;52;61;38;sedang;sedang;tinggi;rendah;"))
    response = client_verifier.post(reverse("reports:ikp-import"), {"action": "cancel"})
    assert response.status_code == 302 and not IkpScore.objects.exists()
    assert client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"}).status_code == 302
    assert not IkpScore.objects.exists()


def test_only_the_verifier_may_confirm(client_verifier, client_leader, client_a):
    upload(client_verifier, csv_file("32.76;2024;45;52;61;38;sedang;sedang;tinggi;rendah;"))
    for client in (client_leader, client_a):
        assert client.post(reverse("reports:ikp-import"), {"action": "confirm"}).status_code == 403
    assert not IkpScore.objects.exists()


def test_template_is_a_valid_import_file(client_verifier):
    content = client_verifier.get(reverse("reports:ikp-template")).content
    response = upload(client_verifier, SimpleUploadedFile("templat.csv", content))
    assert [row["office_code"] for row in response.context["preview"]] == ["32.76"]


# Preview → confirm through the one stash (agencies.tabular_stash) ------------------------------------------

TWO_ROWS = ("32.76;2024;45;52;61;38;sedang;sedang;tinggi;rendah;", "32.10;2024;1;2;3;4;rendah;rendah;rendah;rendah;")


def test_session_keeps_only_the_token(client_verifier):
    upload(client_verifier, csv_file(*TWO_ROWS))
    assert set(client_verifier.session["ikp_import"]) == {"token", "name"}


def test_confirm_after_the_stash_expired_writes_nothing(client_verifier):
    upload(client_verifier, csv_file(*TWO_ROWS))
    with time_machine.travel(timezone.now() + tabular_stash.MAX_AGE + dt.timedelta(minutes=1)):
        response = client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"}, follow=True)
    assert tabular_stash.MSG_EXPIRED in response.content.decode()
    assert not IkpScore.objects.exists()


def test_another_users_token_is_refused(client_verifier, province):
    upload(client_verifier, csv_file(*TWO_ROWS))
    other = _client_for(UserFactory(username="verif-2", role=Role.VERIFIER, office=province))
    session = other.session
    session["ikp_import"] = client_verifier.session["ikp_import"]
    session.save()
    response = other.post(reverse("reports:ikp-import"), {"action": "confirm"}, follow=True)
    assert tabular_stash.MSG_EXPIRED in response.content.decode()
    assert not IkpScore.objects.exists()


def test_confirm_revalidates_an_office_gone_since_the_preview(client_verifier):
    upload(client_verifier, csv_file(*TWO_ROWS))
    Office.objects.filter(code="32.10").delete()
    response = client_verifier.post(reverse("reports:ikp-import"), {"action": "confirm"}, follow=True)
    assert "Impor dibatalkan seluruhnya: Baris 3: kode_wilayah “32.10”" in response.content.decode()
    assert not IkpScore.objects.exists()  # not even the valid 32.76 row


@pytest.mark.parametrize("typed", ["61,25", "61.25", 61.25, " 61,25 "])
def test_scores_read_by_the_one_number_parser(typed):
    # 61,25 and 61.25 as people type them; a float cell from Excel as it is.
    assert ikp._score(typed, "skor_sosial") == "61.25"


def test_empty_score_is_named():
    with pytest.raises(ValueError, match="skor_sosial wajib diisi"):
        ikp._score("", "skor_sosial")
