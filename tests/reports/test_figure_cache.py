"""Report figures cached by data version (reports/figure_cache.py): every write that can change a ranking,
LAKIP, IKP or coverage figure shows on the cached page right after it; writes outside the services would not.

Each case warms a page (its figures are then served from the cache), runs one write through its service, and
reads the page again: the figure it changes must differ. The dataset is `build_dataset` of the LAKIP tests
(offices Kota Depok, Kabupaten Bogor and the province, year 2025).
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from agencies import services as agency_services
from agencies.choices import ActivityKind, ElectionStage, PartnerCategory
from agencies.choices import VerificationStatus as V
from agencies.figures import data_version
from agencies.models import Activity, Agreement, Partner
from reports import figure_cache
from reports.ikp import services as ikp_services
from reports.lakip import renstra
from reports.lakip import services as lakip_services
from reports.lakip.analysis import analysis_save
from reports.lakip.predicate_services import predicate_scale_change
from reports.lakip.predicates import Scale
from reports.lakip.snapshot import build_snapshot
from reports.models import PerformanceIndicator, PerformanceTarget
from reports.ranking import services as ranking_services
from tests.agencies.corpus import real_png
from tests.factories import ActivityFactory, PartnerFactory, office
from tests.reports.lakip.test_lakip import build_dataset
from tests.reports.lakip.test_views_lakip_targets import xlsx_upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

RANKING = reverse("reports:ranking") + "?year=2025"
LAKIP = reverse("reports:performance") + "?year=2025&office=32"
IKP = reverse("reports:ikp") + "?year=2025"
COVERAGE = reverse("reports:coverage") + "?year=2025"


def ranking(client):
    """The podium, table (scores, raw values, what waits for verification) and chart, as the page shows them
    (cached as HTML)."""
    return str(client.get(RANKING).context["body_html"])


def lakip(client):
    """Every cached part of the LAKIP chapter the page shows: figures, predicates and the scale's bands, goals,
    budgets, the multi-year comparison with its Renstra targets."""
    context = client.get(LAKIP).context
    figures = [
        (r.indicator.code, r.quarters, r.year_value, r.capaian, r.target and r.target.yearly)
        for r in context["report"].results
    ]
    predicates = [row["predicate"] for row in context["rows"]]
    budgets = [(b.goal, b.ceiling, b.spent, b.records, b.efficiency) for b in context["budgets"]]
    return figures, predicates, context["bands"], context["goals"], budgets, context["comparison"]


def ikp(client):
    """The alignment table (scores, records per dimension) as the page shows it (cached as HTML), and the years
    with scores."""
    context = client.get(IKP).context
    return str(context["body_html"]), context["years"]


def coverage(client):
    """The matrix and the flow-down as the page shows them (cached as HTML)."""
    context = client.get(COVERAGE).context
    return str(context["matrix_html"]), str(context["flowdown_html"])


PAGES = {"ranking": ranking, "lakip": lakip, "ikp": ikp, "coverage": coverage}


@pytest.fixture
def data():
    return build_dataset()


def _submitted(code="32.01"):
    end = dt.date(2025, 7, 1)
    return ActivityFactory(office=office(code), start_date=end, end_date=end, verification_status=V.SUBMITTED)


# Each write: (page it shows on, function(verifier, staff of Kota Depok, dataset)).


def verify(verifier, staff, data):
    agency_services.record_verify(user=verifier, record=data["a5"])


def bulk_verify(verifier, staff, data):
    agency_services.bulk_verify(user=verifier, kind="activity", ids=[data["a5"].pk])


def return_(verifier, staff, data):
    agency_services.record_return(user=verifier, record=data["a5"], note="Lengkapi bukti.")


def submit(verifier, staff, data):
    agency_services.record_submit(user=staff, record=data["a6"])


def edit_verified(verifier, staff, data):
    record = data["a4"]  # verified: the edit takes it back to draft, out of every figure
    agency_services.activity_update(
        user=staff, activity=record, data={"title": "Diubah"}, partners=None, expected_version=record.version
    )


def delete_verified(verifier, staff, data):
    agency_services.activity_delete(user=staff, activity=Activity.objects.get(pk=data["a4"].pk))


def evidence_on_verified(verifier, staff, data):
    upload = ContentFile(real_png()[1], name="foto.png")
    agency_services.evidence_add_many(user=staff, record=data["a4"], files=[upload], kind="photo")


def delete_verified_agreement(verifier, staff, data):
    agency_services.agreement_delete(user=staff, agreement=Agreement.objects.get(pk=data["g1"].pk))


def partner_category(verifier, staff, data):
    partner = Partner.objects.get(name="Universitas Satu")
    agency_services.partner_update(user=verifier, partner=partner, data={"category": PartnerCategory.MEDIA})


def weights(verifier, staff, data):
    values = {"active_agreements": 0, "activities": 100, "partner_diversity": 0, "monitoring_orgs": 0}
    ranking_services.weights_change(
        user=verifier, values={**values, "violation_reports": 0, "timeliness": 0}, note="uji"
    )


def targets(verifier, staff, data):
    indicator = PerformanceIndicator.objects.get(code="IK-03")
    cells = {(office("32").pk, indicator.pk): {"yearly": Decimal(20)}}
    lakip_services.target_grid_save(user=verifier, year=2025, cells=cells)


def indicator_edit(verifier, staff, data):
    indicator = PerformanceIndicator.objects.get(code="IK-03")
    lakip_services.indicator_update(user=verifier, indicator=indicator, data={"is_active": False})


def indicator_new(verifier, staff, data):
    template = PerformanceIndicator.objects.get(code="IK-08")
    values = {name: getattr(template, name) for name in ("strategic_goal", "unit", "polarity", "source", "order")}
    lakip_services.indicator_create(user=verifier, data={**values, "code": "IK-99", "name": "Indikator baru"})


def manual_value(verifier, staff, data):
    indicator = PerformanceIndicator.objects.get(code="IK-08")
    lakip_services.manual_realisation_save(
        user=staff, office=office("32.76"), indicator=indicator, year=2025, quarter=3, value=Decimal(5), note="TW III"
    )


def ikp_score(verifier, staff, data):
    values = {"social_political": Decimal(50), "administration": Decimal(20), "contestation": Decimal(70)}
    levels = {"social_political_level": "sedang", "administration_level": "rendah", "contestation_level": "tinggi"}
    ikp_services.ikp_score_save(
        user=verifier,
        office=office("32.76"),
        year=2025,
        values={**values, **levels, "participation": Decimal(30), "participation_level": "rendah"},
    )


def predicate_scale(verifier, staff, data):
    bounds = {"very_good_min": Decimal(99), "good_min": Decimal(98), "fair_min": Decimal(97), "poor_min": Decimal(96)}
    predicate_scale_change(user=verifier, values=bounds, note="uji")


def renstra_period(verifier, staff, data):
    renstra.renstra_period_create(user=verifier, start_year=2024)  # 2025 is now the Renstra's second year


def verify_budgeted(verifier, staff, data):
    record = data["a5"]  # submitted, ends in 2025: once verified its budget counts in the goals' budgets
    Activity.objects.filter(pk=record.pk).update(budget_ceiling=Decimal(1000), budget_spent=Decimal(400))
    record.refresh_from_db()
    agency_services.record_verify(user=verifier, record=record)


def admin_target(verifier, staff, data):
    request = RequestFactory().post("/")
    request.user = verifier
    target = PerformanceTarget.objects.get(office=office("32"), indicator__code="IK-03")
    target.yearly = Decimal(30)
    admin.site._registry[PerformanceTarget].save_model(request, target, None, True)


CASES = [
    ("ranking", verify),
    ("ranking", bulk_verify),
    ("ranking", return_),
    ("ranking", submit),
    ("ranking", edit_verified),
    ("lakip", edit_verified),
    ("lakip", delete_verified),
    ("lakip", evidence_on_verified),
    ("ranking", delete_verified_agreement),
    ("coverage", partner_category),
    ("ranking", partner_category),
    ("ranking", weights),
    ("lakip", targets),
    ("lakip", indicator_edit),
    ("lakip", indicator_new),
    ("lakip", manual_value),
    ("ikp", ikp_score),
    ("coverage", verify),
    ("lakip", admin_target),
    ("lakip", verify),
    ("lakip", verify_budgeted),
    ("lakip", predicate_scale),
    ("lakip", renstra_period),
]


@pytest.mark.parametrize(("page", "write"), CASES, ids=[f"{page}-{write.__name__}" for page, write in CASES])
def test_a_write_shows_on_the_cached_page_at_once(page, write, data, client_verifier, verifier, staff_a):
    before = PAGES[page](client_verifier)
    assert PAGES[page](client_verifier) == before  # the second view comes from the cache
    version = data_version()
    write(verifier, staff_a, data)
    assert data_version() > version
    assert PAGES[page](client_verifier) != before


def test_renstra_targets_show_on_the_cached_page_at_once(data, client_verifier, verifier):
    period = renstra.renstra_period_create(user=verifier, start_year=2024)
    indicator = PerformanceIndicator.objects.get(code="IK-03")
    before = lakip(client_verifier)
    assert lakip(client_verifier) == before  # cached
    version = data_version()
    cells = {(office("32").pk, indicator.pk): {"y2": Decimal(12), "end_target": Decimal(60)}}
    assert renstra.renstra_grid_save(user=verifier, period=period, cells=cells).created == 1
    assert data_version() > version
    comparison = lakip(client_verifier)[-1]
    row = next(row for row in comparison["rows"] if row["code"] == "IK-03")
    assert (row["renstra_target"], row["end_target"]) == ("12", "60")
    # Saving the same cells again changes nothing, so nothing is made stale.
    version = data_version()
    assert renstra.renstra_grid_save(user=verifier, period=period, cells=cells).unchanged == 1
    assert data_version() == version


def test_a_verified_budget_shows_on_the_cached_page_at_once(data, client_verifier, verifier, staff_a):
    before = client_verifier.get(LAKIP).context["budget_total"]
    assert client_verifier.get(LAKIP).context["budget_total"] == before  # cached
    verify_budgeted(verifier, staff_a, data)
    after = client_verifier.get(LAKIP).context["budget_total"]
    assert (after.ceiling - before.ceiling, after.spent - before.spent) == (Decimal(1000), Decimal(400))
    assert after.records == before.records + 1


def test_a_new_predicate_scale_shows_on_the_cached_page_at_once(data, client_verifier, verifier):
    before = lakip(client_verifier)
    assert lakip(client_verifier) == before  # cached
    predicate_scale(verifier, None, data)
    figures, predicates, bands, goals, _budgets, _comparison = lakip(client_verifier)
    assert bands[0] == ("Sangat Baik", "≥ 99,00%")
    scale = Scale(Decimal(99), Decimal(98), Decimal(97), Decimal(96))
    assert predicates == [scale.predicate(capaian) for _code, _q, _value, capaian, _target in figures]
    assert [g.predicate for g in goals] == [scale.predicate(g.capaian) for g in goals]
    assert predicates != before[1]


def test_imports_show_on_the_cached_page_at_once(data, client_verifier, verifier):
    """The targets import and the Renstra import (preview, then confirm through the views)."""
    period = renstra.renstra_period_create(user=verifier, start_year=2024)
    before = lakip(client_verifier)
    assert lakip(client_verifier) == before  # cached
    upload = xlsx_upload([["32", "", "IK-03", "", "", 40, None, None, None, None]])
    assert client_verifier.post(reverse("reports:target-import"), {"year": "2025", "file": upload}).status_code == 200
    client_verifier.post(reverse("reports:target-import-confirm"), {"year": "2025"})
    figures = lakip(client_verifier)[0]
    assert next(target for code, *_rest, target in figures if code == "IK-03") == Decimal(40)
    content = "Kode Kantor;Kode Indikator;Target 2025;Target Akhir Renstra\n32;IK-03;33;90\n"
    upload = SimpleUploadedFile("r.csv", content.encode())
    client_verifier.post(reverse("reports:renstra-import"), {"period": period.pk, "file": upload})
    client_verifier.post(reverse("reports:renstra-import-confirm"), {"period": period.pk})
    row = next(row for row in lakip(client_verifier)[-1]["rows"] if row["code"] == "IK-03")
    assert (row["renstra_target"], row["end_target"]) == ("33", "90")


def test_analysis_texts_are_read_live_not_cached(data, client_verifier, verifier, staff_a):
    """Analysis texts are in no cached figure (the page does not show them; the LKjIP document builds its
    snapshot live), so writing one does not bump, and the document has it at once after the page was cached."""
    lakip(client_verifier)
    version = data_version()
    indicator = PerformanceIndicator.objects.get(code="IK-03")
    analysis_save(user=staff_a, office=staff_a.office, indicator=indicator, year=2025, texts={"reason": "Banjir"})
    assert data_version() == version
    snapshot = build_snapshot(2025, staff_a.office, today=dt.date(2026, 1, 15))
    assert snapshot["analyses"]["IK-03"]["reason"] == "Banjir"


def test_figures_are_really_served_from_the_cache(data, client_verifier, django_assert_num_queries):
    before = ranking(client_verifier)
    # A change behind the services' back (a raw insert) is not seen until the version moves: proof that the
    # page reads the cached figure rather than recomputing it.
    _submitted()
    assert ranking(client_verifier) == before
    figure_cache.bump_data_version()
    after = ranking(client_verifier)
    assert after != before
    row = re.search(r'<tr id="kantor-32\.01".*?</tr>', after, re.S).group()
    assert "+1 kegiatan" in row  # the raw insert waits for verification


def test_a_draft_does_not_make_figures_stale(data, staff_a):
    version = data_version()
    partner = PartnerFactory()
    agency_services.activity_create(
        user=staff_a,
        office=office("32.76"),
        data={
            "title": "Draf baru",
            "kind": ActivityKind.values[0],
            "stage": ElectionStage.values[0],
            "start_date": dt.date(2025, 5, 1),
            "end_date": dt.date(2025, 5, 1),
        },
        partners=[partner],
    )
    draft = Activity.objects.get(title="Draf baru")
    agency_services.activity_update(
        user=staff_a, activity=draft, data={"title": "Draf diubah"}, partners=None, expected_version=draft.version
    )
    assert data_version() == version


def test_the_key_holds_name_inputs_and_version():
    key = figure_cache.figure_key("ranking", 2025, dt.date(2026, 1, 15), version=7)
    assert key.startswith("hubal:figure:2:ranking:7:")
    assert key != figure_cache.figure_key("ranking", 2024, dt.date(2026, 1, 15), version=7)
    assert key != figure_cache.figure_key("ranking", 2025, dt.date(2026, 1, 15), version=8)
