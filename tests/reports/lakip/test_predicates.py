"""Predicates at every boundary of the scale, per strategic goal, the scale's history and its page."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.lakip.models import PredicateScale
from reports.lakip.predicate_services import predicate_scale_change
from reports.lakip.predicates import Scale, current_scale, goal_summaries
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db

DEFAULT = Scale.from_dict({"very_good_min": "91", "good_min": "76", "fair_min": "66", "poor_min": "51"})
PAGE = reverse("reports:predicate-scale")


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        ("250", "Sangat Baik"),
        ("91", "Sangat Baik"),
        ("90.995", "Sangat Baik"),  # shown as 91,00, so Sangat Baik
        ("90.994", "Baik"),  # shown as 90,99
        ("90.5", "Baik"),
        ("90", "Baik"),
        ("76", "Baik"),
        ("75.99", "Cukup"),
        ("75.5", "Cukup"),
        ("66", "Cukup"),
        ("65.99", "Kurang"),
        ("51", "Kurang"),
        ("50.99", "Sangat Kurang"),
        ("50.5", "Sangat Kurang"),
        ("50", "Sangat Kurang"),
        ("0", "Sangat Kurang"),
    ],
)
def test_default_scale_at_every_boundary(capaian, expected):
    assert DEFAULT.predicate(Decimal(capaian)) == expected


def test_no_capaian_no_predicate():
    assert DEFAULT.predicate(None) is None


def test_bands_in_indonesian_notation():
    assert DEFAULT.bands() == [
        ("Sangat Baik", "≥ 91,00%"),
        ("Baik", "76,00% – 90,99%"),
        ("Cukup", "66,00% – 75,99%"),
        ("Kurang", "51,00% – 65,99%"),
        ("Sangat Kurang", "≤ 50,99%"),
    ]


def _result(goal: str, code: str, capaian):
    indicator = SimpleNamespace(strategic_goal=goal, code=code)
    return SimpleNamespace(indicator=indicator, capaian=None if capaian is None else Decimal(capaian))


def test_goal_predicate_is_the_mean_of_its_indicators_with_capaian():
    results = [
        _result("Sasaran A", "IK-01", "100"),
        _result("Sasaran A", "IK-02", "81"),  # (100 + 81) / 2 = 90.5 → Baik, though one indicator is Sangat Baik
        _result("Sasaran B", "IK-03", None),  # left out of the mean
        _result("Sasaran B", "IK-04", "60"),
        _result("Sasaran C", "IK-05", None),
    ]
    goals = goal_summaries(results, DEFAULT)
    assert [(g.goal, g.codes, g.capaian, g.predicate) for g in goals] == [
        ("Sasaran A", ("IK-01", "IK-02"), Decimal("90.5"), "Baik"),
        ("Sasaran B", ("IK-03", "IK-04"), Decimal(60), "Kurang"),
        ("Sasaran C", ("IK-05",), None, None),
    ]


def test_changed_scale_is_kept_with_history(verifier):
    assert current_scale() == DEFAULT  # nobody changed it yet
    values = {"very_good_min": Decimal(95), "good_min": Decimal(80), "fair_min": Decimal(70), "poor_min": Decimal(55)}
    predicate_scale_change(user=verifier, values=values, note="Pedoman baru")
    assert current_scale().predicate(Decimal("94.99")) == "Baik"
    predicate_scale_change(user=verifier, values={**values, "very_good_min": Decimal(90)}, note="Kembali")
    assert [s.note for s in PredicateScale.objects.all()] == ["Kembali", "Pedoman baru"]
    with pytest.raises(ValidationError):
        predicate_scale_change(user=verifier, values={**values, "good_min": Decimal(70)}, note="salah")


def test_permission_matrix(role_clients):
    read = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", PAGE, read)
    data = {"very_good_min": "92", "good_min": "77", "fair_min": "67", "poor_min": "52", "note": "uji"}
    change = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "verifier": 302, "leader": 403}
    check_matrix(role_clients, "post", PAGE, change, data)
    assert PredicateScale.objects.get().very_good_min == 92


def test_page_query_budget(client_verifier, verifier, django_assert_num_queries):
    for n in range(3):
        values = {"very_good_min": 91 + n, "good_min": 76, "fair_min": 66, "poor_min": 51}
        predicate_scale_change(user=verifier, values={k: Decimal(v) for k, v in values.items()}, note=f"n{n}")
    # session, user, the scale in force, the history with its authors (one join),
    # session save (savepoint, update, release)
    # +1 unread inbox count (header)
    with django_assert_num_queries(8):
        assert client_verifier.get(PAGE).status_code == 200
