"""Ranking pages: permission matrix, live vs published, weights, publishing, WhatsApp summary, query budget."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from agencies.choices import PartnerCategory as C
from agencies.choices import VerificationStatus as V
from reports.models import PublishedRanking, RankingWeightSet
from reports.ranking.selectors import Period, compute_ranking
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2024, 6, 15, 9, 0, tzinfo=WIB), tick=False):
        yield


def _activity(code, end, partners=None, status=V.VERIFIED, reports=0):
    return ActivityFactory(
        office=office(code),
        start_date=end,
        end_date=end,
        partners=partners or [PartnerFactory(category=C.UNIVERSITY)],
        verification_status=status,
        reports_received=reports,
        created_at=dt.datetime.combine(end, dt.time(12), tzinfo=WIB),
    )


@pytest.fixture
def records():
    """Kota Depok 3 activities, Kabupaten Bogor 1 activity + 1 agreement, Kota Bandung a pending activity."""
    for day in (10, 11, 12):
        _activity("32.76", dt.date(2024, 2, day))
    _activity("32.01", dt.date(2024, 3, 1), reports=4)
    AgreementFactory(
        office=office("32.01"), start_date=dt.date(2024, 1, 1), end_date=None, verification_status=V.VERIFIED
    )
    _activity("32.73", dt.date(2024, 3, 2), status=V.SUBMITTED)


def _page(client, url) -> str:
    """The page without its per-request CSRF tokens."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def _publish(client, **period):
    """Publish and consume the success message, so that later pages compare byte for byte."""
    response = client.post(reverse("reports:ranking-publish"), {**period, "note": "Untuk rapat koordinasi."})
    if response.status_code == 302:
        client.get(response["Location"])
    return response


def expect(role_clients, url, expected, method="get", data=None):
    for role, status in expected.items():
        response = getattr(role_clients[role], method)(url, data or {})
        assert response.status_code == status, (role, url, response.status_code)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def test_live_ranking_matrix(role_clients, records):
    expect(role_clients, reverse("reports:ranking"), {"anonymous": 302, "verifier": 200, "leader": 200})
    # Staff never see the live computation: with nothing published they land on the (empty) published list.
    response = role_clients["own_office"].get(reverse("reports:ranking"))
    assert response.status_code == 302 and response["Location"] == reverse("reports:ranking-published-list")
    page = role_clients["own_office"].get(response["Location"])
    assert "Belum ada peringkat yang diterbitkan" in page.content.decode()


def test_staff_are_sent_to_the_latest_published_ranking(role_clients, records, verifier):
    first = _publish(role_clients["verifier"], year=2023)
    latest = _publish(role_clients["verifier"], year=2024)
    assert first.status_code == latest.status_code == 302
    newest = PublishedRanking.objects.first()
    for role in ("own_office", "other_office"):
        response = role_clients[role].get(reverse("reports:ranking") + "?year=2023")
        assert response["Location"] == reverse("reports:ranking-published", args=[newest.pk])


def test_published_pages_matrix(role_clients, records):
    _publish(role_clients["verifier"], year=2024)
    pk = PublishedRanking.objects.get().pk
    everyone = {"anonymous": 302, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}
    expect(role_clients, reverse("reports:ranking-published", args=[pk]), everyone)
    expect(role_clients, reverse("reports:ranking-published-list"), everyone)
    assert role_clients["verifier"].get(reverse("reports:ranking-published", args=[pk + 1])).status_code == 404


def test_publish_matrix(role_clients, records):
    url = reverse("reports:ranking-publish")
    data = {"year": 2024, "note": "x"}
    expect(role_clients, url, {"anonymous": 302, "own_office": 403, "other_office": 403, "leader": 403}, "post", data)
    assert not PublishedRanking.objects.exists()
    assert role_clients["verifier"].get(url).status_code == 405
    response = role_clients["verifier"].post(url, data)
    published = PublishedRanking.objects.get()
    assert response["Location"] == reverse("reports:ranking-published", args=[published.pk])
    assert (published.period_kind, published.period_label) == ("year", "Tahun 2024")


def test_weights_matrix(role_clients, records):
    url = reverse("reports:ranking-weights")
    expect(
        role_clients, url, {"anonymous": 302, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 200}
    )
    assert "Simpan bobot baru" not in role_clients["leader"].get(url).content.decode()
    change = {
        "active_agreements": 0,
        "activities": 1,
        "partner_diversity": 0,
        "monitoring_orgs": 0,
        "violation_reports": 0,
        "timeliness": 0,
        "note": "Uji",
    }
    expect(role_clients, url, {"own_office": 403, "leader": 403}, "post", change)
    assert not RankingWeightSet.objects.exists()
    assert role_clients["verifier"].post(url, change).status_code == 302
    assert RankingWeightSet.current().activities == 1 and RankingWeightSet.current().note == "Uji"


def test_weights_form_refuses_all_zero_and_keeps_history(client_verifier, verifier):
    url = reverse("reports:ranking-weights")
    zero = dict.fromkeys(RankingWeightSet.COMPONENTS, 0) | {"note": "nol"}
    response = client_verifier.post(url, zero)
    assert response.status_code == 200 and "Minimal satu bobot harus lebih dari nol." in response.content.decode()
    client_verifier.post(url, {**zero, "activities": 5, "note": "pertama"})
    client_verifier.post(url, {**zero, "timeliness": 5, "note": "kedua"})
    page = client_verifier.get(url).content.decode()
    assert page.index("kedua") < page.index("pertama")  # newest first
    assert RankingWeightSet.objects.count() == 2 and RankingWeightSet.current().note == "kedua"


def test_weights_change_moves_live_ranking_but_not_the_published_one(client_verifier, records):
    period = Period.for_year(2024)
    _publish(client_verifier, year=2024)
    published = PublishedRanking.objects.get()
    frozen = compute_ranking(period).as_rows()
    assert published.rows == frozen  # published = exactly the live figures at that moment
    before = _page(client_verifier, reverse("reports:ranking-published", args=[published.pk]))
    # Defaults: Kabupaten Bogor first (agreement 25 + reports 10 + ...). Only reports count now:
    weights = dict.fromkeys(RankingWeightSet.COMPONENTS, 0) | {"violation_reports": 1, "note": "Laporan saja"}
    assert client_verifier.post(reverse("reports:ranking-weights"), weights, follow=True).status_code == 200
    live = compute_ranking(period)
    assert live.as_rows() != frozen and live.weights["violation_reports"] == 1
    published.refresh_from_db()
    assert published.rows == frozen and published.weights["activities"] == 25
    after = _page(client_verifier, reverse("reports:ranking-published", args=[published.pk]))
    assert after == before  # rendered from the frozen JSON, never recomputed


def test_published_ranking_survives_new_records(client_verifier, records):
    _publish(client_verifier, year=2024)
    published = PublishedRanking.objects.get()
    before = _page(client_verifier, reverse("reports:ranking-published", args=[published.pk]))
    for day in range(1, 9):
        _activity("32.79", dt.date(2024, 4, day), reports=9)
    assert compute_ranking(Period.for_year(2024)).rows[0].office_code == "32.79"
    assert _page(client_verifier, reverse("reports:ranking-published", args=[published.pk])) == before


def test_live_page_shows_podium_formula_pending_and_links(client_verifier, records):
    page = client_verifier.get(reverse("reports:ranking") + "?year=2024&quarter=1").content.decode()
    assert "Peringkat Kinerja Hubal — Triwulan I 2024" in page
    # Kabupaten Bogor: 1 agreement (100), 1 activity (1/3 → 33.33), 1 category (7.14), reports 4/4 (100),
    # timely 1/1 (100): (2500 + 833.33 + 107.14 + 0 + 1000 + 1500) / 100 = 59.40
    assert "59,40" in page
    assert page.index("Kabupaten Bogor") < page.index("Kota Depok")
    assert "+1 kegiatan" in page  # Kota Bandung's submitted activity
    assert "Cara menghitung" in page and "kode wilayah yang lebih kecil" in page
    activity_list = reverse("agencies:activity-list")
    assert (
        f"{activity_list}?office=32.76&amp;verification=verified&amp;end_from=2024-01-01&amp;end_to=2024-03-31" in page
    )


def test_staff_see_links_only_on_their_own_row(client_verifier, client_a, records):
    _publish(client_verifier, year=2024)
    published = PublishedRanking.objects.get()
    page = client_a.get(reverse("reports:ranking-published", args=[published.pk])).content.decode()
    assert "office=32.76" in page
    assert "office=32.01" not in page and "office=32.73" not in page
    assert "Perhitungan langsung" not in page and "Menunggu verifikasi" not in page


def test_period_picker_errors_fall_back_to_the_year(client_verifier, records):
    response = client_verifier.get(reverse("reports:ranking") + "?from=2024-03-01&to=2024-02-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in page and "— Tahun 2024" in page


def test_whatsapp_matrix_and_text(role_clients, records):
    url = reverse("reports:whatsapp")
    expect(
        role_clients, url, {"anonymous": 302, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 200}
    )
    AgreementFactory(
        office=office("32.76"),
        title="PKS dengan Universitas Uji tentang pengawasan",
        start_date=dt.date(2022, 7, 1),
        end_date=dt.date(2024, 7, 1),
        verification_status=V.VERIFIED,
    )
    response = role_clients["leader"].get(url + "?year=2024&quarter=1")
    text = response.context["text"]
    assert "*Triwulan I 2024*" in text and "(sementara, belum diterbitkan" in text
    # The new agreement (in force in Q1) lifts Kota Depok: 25·100 + 25·100 + 15·100/14 + 15·100 = 6607.14 → 66,07
    assert "1. Bawaslu Kota Depok: 66,07\n2. Bawaslu Kabupaten Bogor: 59,40\n" in text
    assert "Kerja sama berakhir dalam 30 hari (per 15 Juni 2024): 1*" in text
    assert "Kota Depok: PKS dengan Universitas Uji tentang pengawasan (berakhir 1 Jul 2024)" in text
    share = response.context["share_url"]
    assert share.startswith("https://wa.me/?text=") and unquote(share.split("=", 1)[1]) == text
    page = response.content.decode()
    assert "<script" in page and "js/ranking.js" in page and "onclick" not in page and 'style="' not in page


def test_whatsapp_from_a_published_ranking(client_verifier, records):
    _publish(client_verifier, year=2024)
    published = PublishedRanking.objects.get()
    text = client_verifier.get(reverse("reports:whatsapp") + f"?published={published.pk}").context["text"]
    assert "Diterbitkan 15 Juni 2024" in text and "sementara" not in text
    assert reverse("reports:ranking-published", args=[published.pk]) in text


def test_pages_have_no_inline_styles_or_scripts(client_verifier, records):
    _publish(client_verifier, year=2024)
    pk = PublishedRanking.objects.get().pk
    for url in (reverse("reports:ranking"), reverse("reports:ranking-published", args=[pk])):
        page = client_verifier.get(url).content.decode()
        assert 'style="' not in page and "onclick" not in page and "<svg" in page


def test_live_page_query_budget_is_constant(client_verifier, django_assert_num_queries, records):
    url = reverse("reports:ranking") + "?year=2024"
    client_verifier.get(url)  # the first page after signing in renews the session (hubal.middleware)
    cache.clear()
    # 1 session, 2 user, 3 data version (the body's HTML), 4 data version (the ranking figure), 5 weights in
    # force, 6 offices, 7 agreements by office, 8 activities by office, 9 agreements by (office, category), 10
    # activities by (office, category), 11 data version (the figure again, for the weights of the publish box),
    # 12 earlier publications of the period (the user's office, for the own row, comes with the user)
    # +1 unread inbox count (header)
    with django_assert_num_queries(13):
        assert client_verifier.get(url).status_code == 200
    for code in ("32.02", "32.03", "32.04", "32.05", "32.06"):
        for day in range(1, 7):
            _activity(code, dt.date(2024, 5, day), reports=1)
    cache.clear()
    with django_assert_num_queries(13):
        assert client_verifier.get(url).status_code == 200
    # cached: 1 session, 2 user with their office, 3 data version (the body's HTML), 4 data version (the figure,
    # for the publish box's weights), 5 earlier publications, 6 unread inbox count
    with django_assert_num_queries(6):
        assert client_verifier.get(url).status_code == 200


def test_published_page_query_budget(client_a, client_verifier, django_assert_num_queries, records):
    _publish(client_verifier, year=2024)
    url = reverse("reports:ranking-published", args=[PublishedRanking.objects.get().pk])
    # 1 session, 2 user, 3 published ranking with its publisher, 4 the user's office (own-row links),
    # 5-7 session renewed on the first page after signing in (savepoint, update, release)
    # +1 unread inbox count (header)
    with django_assert_num_queries(7):
        assert client_a.get(url).status_code == 200


def test_csv_downloads_equal_the_tables(client_verifier, client_a, records):
    import csv as csv_module
    import io

    _publish(client_verifier, year=2024)
    published = PublishedRanking.objects.get()
    response = client_a.get(reverse("reports:ranking-published", args=[published.pk]) + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv_module.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["Peringkat", "Kode wilayah", "Kantor"] and len(lines) == 28
    first = published.rows[0]
    assert lines[1][:3] == ["1", first["office_code"], first["office_name"]] and lines[1][-1] == first["score"]
    live = client_verifier.get(reverse("reports:ranking") + "?year=2024&format=csv").content.decode("utf-8-sig")
    assert live.splitlines()[1] == response.content.decode("utf-8-sig").splitlines()[1]
    # Staff never get the live computation, not even as a file.
    assert client_a.get(reverse("reports:ranking") + "?year=2024&format=csv").status_code == 302


def test_ranking_published_under_the_old_formula_keeps_its_frozen_figures(client_verifier, records):
    # Published under formula 2024.1: a monitoring organisation without accreditation counted then.
    unaccredited = PartnerFactory(
        category=C.MONITORING_ORG, accreditation_number="", accredited_from=None, accredited_until=None
    )
    _activity("32.79", dt.date(2024, 4, 1), partners=[unaccredited])
    rows = compute_ranking(Period.for_year(2024)).as_rows()
    old_rows = [dict(row, raw=dict(row["raw"])) for row in rows]
    kota_banjar = next(row for row in old_rows if row["office_code"] == "32.79")
    kota_banjar["raw"]["monitoring_orgs"] = 1
    kota_banjar["parts"] = {"monitoring_agreements": 0, "monitoring_activities": 1}
    old = PublishedRanking.objects.create(
        period_kind="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        period_label="Tahun 2024",
        formula_version="2024.1",
        weights=compute_ranking(Period.for_year(2024)).weights,
        rows=old_rows,
    )
    response = client_verifier.get(reverse("reports:ranking-published", args=[old.pk]))
    assert "rumus versi 2024.1" in response.content.decode()
    # The frozen monitoring figure of Kota Banjar is shown, although the live rule (2026.1) gives 0.
    banjar = next(row for row in response.context["table"] if row["office_code"] == "32.79")
    cell = next(cell for cell in banjar["cells"] if cell["key"] == "monitoring_orgs")
    assert cell["raw"] == 1 and cell["links"][0]["text"] == 1
    live = next(row for row in rows if row["office_code"] == "32.79")
    assert live["raw"]["monitoring_orgs"] == 0
    assert client_verifier.get(reverse("reports:ranking") + "?year=2024").context["formula_version"] == "2026.1"
