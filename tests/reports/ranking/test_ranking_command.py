"""`manage.py ranking` prints what the page shows: the same selector, the same figures."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from agencies.choices import VerificationStatus as V
from reports.ranking.selectors import Period, compute_ranking
from reports.ranking.services import ranking_publish, weights_change
from tests.factories import ActivityFactory, AgreementFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    ActivityFactory(
        office=office("32.76"),
        start_date=dt.date(2024, 2, 1),
        end_date=dt.date(2024, 2, 1),
        verification_status=V.VERIFIED,
        reports_received=2,
    )
    ActivityFactory(
        office=office("32.01"),
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 5, 1),
        verification_status=V.VERIFIED,
    )
    ActivityFactory(
        office=office("32.01"),
        start_date=dt.date(2024, 5, 2),
        end_date=dt.date(2024, 5, 2),
        verification_status=V.SUBMITTED,
    )
    AgreementFactory(
        office=office("32.02"),
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
        verification_status=V.VERIFIED,
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("ranking", *args, stdout=out)
    return out.getvalue()


def test_json_equals_the_selector(records):
    payload = json.loads(run("--year", "2024", "--format", "json"))
    expected = compute_ranking(Period.for_year(2024))
    assert payload["rows"] == expected.as_rows()
    assert payload["weights"] == expected.weights
    assert payload["period"] == {"kind": "year", "start": "2024-01-01", "end": "2024-12-31", "label": "Tahun 2024"}
    assert payload["pending"]["32.01"] == {"agreements": 0, "activities": 1}


def test_quarter_and_range(records):
    q1 = json.loads(run("--year", "2024", "--quarter", "1", "--format", "json"))
    assert q1["rows"] == compute_ranking(Period.for_quarter(2024, 1)).as_rows()
    assert [row["office_code"] for row in q1["rows"][:2]] == ["32.76", "32.02"]
    span = json.loads(run("--from", "2024-05-01", "--to", "2024-05-31", "--format", "json"))
    assert span["rows"] == compute_ranking(Period.for_range(dt.date(2024, 5, 1), dt.date(2024, 5, 31))).as_rows()
    assert span["rows"][0]["office_code"] == "32.01"


def test_table_shows_every_office_with_its_score(records):
    text = run("--year", "2024", "--quarter", "1")
    result = compute_ranking(Period.for_quarter(2024, 1))
    lines = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    assert len(lines) == 27
    for line, row in zip(lines, result.rows, strict=True):
        assert line.split()[:2] == [str(row.rank), row.office_code]
        assert line.split()[-5] == row.as_dict()["score"]  # then "+0 KS, +0 Keg"
    assert "Triwulan I 2024" in text


def test_published_prints_the_frozen_rows(records, verifier):
    published = ranking_publish(user=verifier, period=Period.for_year(2024))
    weights_change(
        user=verifier,
        values={
            **dict.fromkeys(
                ("active_agreements", "activities", "partner_diversity", "monitoring_orgs", "violation_reports"), 0
            ),
            "timeliness": 1,
        },
        note="uji",
    )
    payload = json.loads(run("--published", str(published.pk), "--format", "json"))
    assert payload["rows"] == published.rows
    assert payload["rows"] != compute_ranking(Period.for_year(2024)).as_rows()


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "Sebutkan --year"),
        (("--from", "2024-01-01"), "perlu --from dan --to"),
        (("--from", "2024-02-01", "--to", "2024-01-01"), "tidak boleh sebelum"),
        (("--from", "2024-13-01", "--to", "2024-12-31"), "Tanggal tidak valid"),
        (("--published", "999"), "tidak ditemukan"),
    ],
)
def test_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
