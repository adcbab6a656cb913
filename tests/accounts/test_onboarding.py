"""Bulk onboarding: template, upload, preview with every row's errors, all or nothing, invitations sent."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts import onboarding
from agencies import tabular_stash
from agencies.models import Office, User

pytestmark = pytest.mark.django_db
HEADER = ["Nama lengkap", "Surel", "Kode kantor", "Peran"]
GOOD = [
    ["Siti Rahmawati", "siti@example.org", "32.76", "Staf"],
    ["Asep Saepudin", "asep@example.org", "3201", "staf"],
    ["Dr. Hj. Neneng", "neneng@example.org", "32", "Pimpinan"],
]


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("akun.xlsx", buffer.getvalue())


def _upload(client, upload):
    return client.post(reverse("accounts:onboarding"), {"file": upload})


def test_template_downloads_with_the_columns_and_offices(client_verifier):
    response = client_verifier.get(reverse("accounts:onboarding-template"))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Akun"][1]] == HEADER
    codes = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True)]
    assert "32.76" in codes and "32.79" in codes


def test_good_file_previews_then_creates_all_with_invitations(client_verifier, committed):
    assert _upload(client_verifier, _xlsx(GOOD))["Location"] == reverse("accounts:onboarding-preview")
    preview = client_verifier.get(reverse("accounts:onboarding-preview")).content.decode()
    assert "Semua 3 baris benar" in preview and "Kota Depok" in preview and "Kabupaten Bogor" in preview
    assert not User.objects.filter(email="siti@example.org").exists()  # nothing before the confirmation
    done = committed(client_verifier.post, reverse("accounts:onboarding-preview"), {"confirm": "1"})
    assert done["Location"] == reverse("accounts:manage-list")
    created = User.objects.filter(email__in=["siti@example.org", "asep@example.org", "neneng@example.org"])
    assert sorted(u.username for u in created) == ["asep", "neneng", "siti"]
    assert sorted(m.to[0] for m in mail.outbox) == ["asep@example.org", "neneng@example.org", "siti@example.org"]
    assert all("/akun/undangan/" in m.body for m in mail.outbox)


def test_one_bad_row_creates_nothing(client_verifier, staff_a, committed):
    rows = [*GOOD, ["", "bukan-surel", "32.99", "Ketua"], ["Ganda", "siti@example.org", "32.76", "Staf"]]
    rows.append(["Sudah ada", staff_a.email, "32.76", "Staf"])
    rows.append(["Verif", "verif-baru@example.org", "32", "Verifikator"])  # the verifier may not make verifiers
    rows.append(["Staf provinsi", "sp@example.org", "32", "Staf"])
    _upload(client_verifier, _xlsx(rows))
    preview = client_verifier.get(reverse("accounts:onboarding-preview")).content.decode()
    for message in [
        "Nama lengkap wajib diisi.",
        "Surel “bukan-surel” tidak valid.",
        "Kode kantor “32.99” tidak dikenal",
        "Peran “Ketua” tidak dikenal",
        "Surel ini muncul lebih dari sekali dalam berkas.",
        "Alamat surel ini sudah dipakai akun lain.",
        "Anda tidak berwenang membuat akun dengan peran Verifikator provinsi.",
        "bukan di kantor provinsi",
    ]:
        assert message in preview
    assert "5 baris bermasalah" in preview and "Buat " not in preview
    response = committed(client_verifier.post, reverse("accounts:onboarding-preview"), {"confirm": "1"}, follow=True)
    assert "tidak ada akun yang dibuat" in response.content.decode()
    assert not User.objects.filter(email__in=["siti@example.org", "asep@example.org"]).exists()
    assert mail.outbox == []


def test_check_rows_directly_with_excel_numbers(verifier, province):
    rows = [{"name": "Maja", "email": "maja@example.org", "office_code": "32.1", "role": "Staf"}]
    (check,) = onboarding.check_rows(verifier, rows)
    assert check.errors == [] and check.office.code == "32.10"  # Excel turned 32.10 into 32.1


def test_admin_may_onboard_verifiers(admin_user, province):
    rows = [{"name": "V", "email": "v2@example.org", "office_code": "32", "role": "Verifikator"}]
    assert onboarding.check_rows(admin_user, rows)[0].errors == []


def test_csv_with_semicolons(client_verifier):
    text = "Nama lengkap;Surel;Kode kantor;Peran\nSiti;siti@example.org;32.76;Staf\n"
    _upload(client_verifier, SimpleUploadedFile("akun.csv", text.encode("utf-8-sig")))
    assert "Semua 1 baris benar" in client_verifier.get(reverse("accounts:onboarding-preview")).content.decode()


def test_missing_columns_and_wrong_type_are_explained(client_verifier):
    response = _upload(client_verifier, SimpleUploadedFile("akun.csv", b"Nama;Telepon\nA;1\n"))
    assert "Kolom wajib tidak ditemukan: Surel, Kode kantor, Peran." in response.content.decode()
    response = _upload(client_verifier, SimpleUploadedFile("akun.pdf", b"%PDF"))
    assert "Unggah berkas .xlsx atau .csv." in response.content.decode()
    response = _upload(client_verifier, SimpleUploadedFile("akun.xlsx", b"PK\x03\x04 bukan excel"))
    assert "tidak dapat dibaca" in response.content.decode()


def test_cancel_forgets_the_upload(client_verifier):
    _upload(client_verifier, _xlsx(GOOD))
    client_verifier.post(reverse("accounts:onboarding-preview"), {"cancel": "1"})
    assert client_verifier.get(reverse("accounts:onboarding-preview"))["Location"] == reverse("accounts:onboarding")
    assert not User.objects.filter(email="siti@example.org").exists()


def test_check_rows_query_count(verifier, province, django_assert_num_queries):
    rows = [{"name": f"N{n}", "email": f"n{n}@example.org", "office_code": "32.76", "role": "Staf"} for n in range(40)]
    # 1 offices, 2 e-mails already taken: whatever the number of rows.
    with django_assert_num_queries(2):
        checks = onboarding.check_rows(verifier, rows)
    assert not onboarding.has_errors(checks)


# Preview → confirm through the one stash (agencies.tabular_stash) ------------------------------------------


def test_session_keeps_only_the_token(client_verifier):
    _upload(client_verifier, _xlsx(GOOD))
    assert set(client_verifier.session["accounts_onboarding"]) == {"token", "name"}


def test_confirm_after_the_stash_expired_creates_nothing(client_verifier, committed):
    _upload(client_verifier, _xlsx(GOOD))
    with time_machine.travel(timezone.now() + tabular_stash.MAX_AGE + dt.timedelta(minutes=1)):
        response = committed(
            client_verifier.post, reverse("accounts:onboarding-preview"), {"confirm": "1"}, follow=True
        )
    assert tabular_stash.MSG_EXPIRED in response.content.decode()
    assert not User.objects.filter(email="siti@example.org").exists() and mail.outbox == []


def test_another_managers_token_is_refused(client_verifier, client_admin, committed):
    _upload(client_verifier, _xlsx(GOOD))
    session = client_admin.session
    session["accounts_onboarding"] = client_verifier.session["accounts_onboarding"]
    session.save()
    response = committed(client_admin.post, reverse("accounts:onboarding-preview"), {"confirm": "1"}, follow=True)
    assert tabular_stash.MSG_EXPIRED in response.content.decode()
    assert not User.objects.filter(email="siti@example.org").exists()


def test_confirm_revalidates_an_office_gone_since_the_preview(client_verifier, committed):
    rows = [*GOOD, ["Maja", "maja@example.org", "32.10", "Staf"]]
    _upload(client_verifier, _xlsx(rows))
    assert "Semua 4 baris benar" in client_verifier.get(reverse("accounts:onboarding-preview")).content.decode()
    Office.objects.filter(code="32.10").delete()
    response = committed(client_verifier.post, reverse("accounts:onboarding-preview"), {"confirm": "1"}, follow=True)
    page = response.content.decode()
    assert onboarding.ERROR_HAS_ERRORS in page and "Kode kantor “32.10” tidak dikenal" in page
    assert not User.objects.filter(email="siti@example.org").exists() and mail.outbox == []


def test_rows_are_numbered_as_in_the_spreadsheet(verifier, province):
    upload = SimpleUploadedFile("akun.csv", b"Nama;E-mail;Kode wilayah;Peran\n\nSiti;siti@example.org;32.76;Ketua\n")
    rows = onboarding.read_rows(upload)
    [check] = onboarding.check_rows(verifier, rows)
    assert check.number == 3 and check.email == "siti@example.org"  # the blank row 2 is skipped, aliases read
