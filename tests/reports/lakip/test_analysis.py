"""Analyses (causes, obstacles, solutions, follow-up): the workflow, history, permissions and query budget."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from reports.lakip import analysis as services
from reports.lakip.models import PerformanceAnalysis
from reports.models import PerformanceIndicator
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

TEXTS = {
    "reason": "Target tercapai karena rakor rutin.",
    "obstacles": "Anggaran terbatas.",
    "solutions": "",
    "follow_up": "",
}


def ik(code: str = "IK-03") -> PerformanceIndicator:
    return PerformanceIndicator.objects.get(code=code)


def test_workflow_with_return_note_and_reopening(staff_a, verifier, office_a):
    analysis = services.analysis_save(user=staff_a, office=office_a, indicator=ik(), year=2025, texts=TEXTS)
    assert analysis.verification_status == V.DRAFT and analysis.written_by == staff_a
    with pytest.raises(ValidationError):
        services.analysis_verify(user=verifier, analysis=analysis)  # not submitted yet
    services.analysis_submit(user=staff_a, analysis=analysis)
    with pytest.raises(ValidationError, match="Catatan pengembalian wajib"):
        services.analysis_return(user=verifier, analysis=analysis, note=" ")
    services.analysis_return(user=verifier, analysis=analysis, note="Tambahkan perbandingan dengan 2024.")
    analysis.refresh_from_db()
    assert (analysis.verification_status, analysis.return_note) == (V.RETURNED, "Tambahkan perbandingan dengan 2024.")
    texts = {**TEXTS, "reason": "Naik dari 8 kegiatan (2024) ke 12 (2025) karena rakor rutin."}
    services.analysis_save(user=staff_a, office=office_a, indicator=ik(), year=2025, texts=texts)
    services.analysis_submit(user=staff_a, analysis=analysis)
    services.analysis_verify(user=verifier, analysis=analysis)
    analysis.refresh_from_db()
    assert (analysis.verification_status, analysis.verified_by, analysis.return_note) == (V.VERIFIED, verifier, "")
    # saving the same text keeps it verified; a changed text takes it back to draft
    services.analysis_save(user=staff_a, office=office_a, indicator=ik(), year=2025, texts=texts)
    assert PerformanceAnalysis.objects.get().verification_status == V.VERIFIED
    services.analysis_save(user=staff_a, office=office_a, indicator=ik(), year=2025, texts={**texts, "follow_up": "x"})
    assert PerformanceAnalysis.objects.get().verification_status == V.DRAFT
    assert analysis.history.count() == 8  # create, submit, return, save, submit, verify, same save, reopen


def test_only_the_owner_office_writes(staff_b, verifier, office_a, province):
    with pytest.raises(PermissionDenied):
        services.analysis_save(user=staff_b, office=office_a, indicator=ik(), year=2025, texts=TEXTS)
    with pytest.raises(PermissionDenied):
        services.analysis_save(user=verifier, office=office_a, indicator=ik(), year=2025, texts=TEXTS)
    own = services.analysis_save(user=verifier, office=province, indicator=ik(), year=2025, texts=TEXTS)
    assert own.office == province


def test_permission_matrix(role_clients, staff_a, office_a):
    list_url = reverse("reports:analyses") + f"?year=2025&office={office_a.code}"
    read = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", list_url, read)
    edit_url = reverse("reports:analysis-edit", args=["IK-03"]) + f"?year=2025&office={office_a.code}"
    write = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 403, "leader": 403}
    check_matrix(role_clients, "get", edit_url, write)
    check_matrix(role_clients, "post", edit_url, {**write, "own_office": 302}, {**TEXTS, "year": 2025})
    analysis = PerformanceAnalysis.objects.get()
    submit = reverse("reports:analysis-action", args=[analysis.pk, "submit"])
    check_matrix(
        role_clients,
        "post",
        submit,
        {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403, "own_office": 302},
    )
    assert PerformanceAnalysis.objects.get().verification_status == V.SUBMITTED
    for action, data in (("return", {"note": "Lengkapi."}), ("verify", {})):
        url = reverse("reports:analysis-action", args=[analysis.pk, action])
        expected = {"anonymous": LOGIN, "own_office": 403, "other_office": 404, "leader": 403}
        check_matrix(role_clients, "post", url, expected, data)
    check_matrix(
        role_clients, "post", reverse("reports:analysis-action", args=[analysis.pk, "verify"]), {"verifier": 302}
    )
    assert PerformanceAnalysis.objects.get().verification_status == V.VERIFIED


def test_list_query_budget(client_verifier, staff_a, office_a, django_assert_num_queries):
    for code in ("IK-01", "IK-02", "IK-03", "IK-04"):
        analysis = services.analysis_save(user=staff_a, office=office_a, indicator=ik(code), year=2025, texts=TEXTS)
        services.analysis_submit(user=staff_a, analysis=analysis)
    url = reverse("reports:analyses") + f"?year=2025&office={office_a.code}"
    # session, user, the requested office, the office's analyses (with their authors), active indicators, the
    # offices of the picker, the analyses waiting for verification (with office and indicator),
    # session save (savepoint, update, release)
    # +1 unread inbox count (header)
    with django_assert_num_queries(11):
        response = client_verifier.get(url)
    assert len(response.context["pending"]) == 4
