"""Rules the layout of issue 8 set: record kind decided once, evidence checked once, side effects of the
verification services on commit, URL typos loud, one province lookup, expiry numbers, covered reminders."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from agencies import navigation, selectors
from agencies import services as public_services
from agencies.choices import AgreementStatus
from agencies.choices import VerificationStatus as V
from agencies.models import RECORD_MODELS, Activity, Agreement, Office, ReminderSent, record_model
from agencies.services import evidence as evidence_services
from agencies.services import verification as verification_services
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db


# Record kind ---------------------------------------------------------------------------------------------


def test_record_kind_names_the_model_the_urls_and_the_foreign_keys(office_a):
    assert {"agreement": Agreement, "activity": Activity} == RECORD_MODELS
    assert record_model("partner") is None
    agreement, activity = AgreementFactory(office=office_a), ActivityFactory(office=office_a)
    assert (agreement.kind_label, activity.kind_label) == ("Kerja sama", "Kegiatan")
    assert agreement.detail_url() == reverse("agencies:agreement-detail", args=[agreement.pk])
    assert activity.detail_url() == reverse("agencies:activity-detail", args=[activity.pk])
    assert {f.name for f in apps.get_model("agencies", "Evidence")._meta.get_fields()} >= set(RECORD_MODELS)


# Evidence checked once -----------------------------------------------------------------------------------


@pytest.fixture
def check_calls(monkeypatch):
    calls = []
    real = evidence_services.validate_evidence_file

    def counting(uploaded):
        calls.append(uploaded.name)
        return real(uploaded)

    monkeypatch.setattr(evidence_services, "validate_evidence_file", counting)
    return calls


def test_an_uploaded_file_is_checked_once(client_a, office_a, check_calls):
    activity = ActivityFactory(office=office_a)
    files = [SimpleUploadedFile(*corpus.real_png()), SimpleUploadedFile(*corpus.real_pdf())]
    client_a.post(
        reverse("agencies:evidence-upload", args=["activity", activity.pk]), {"files": files, "evidence_kind": "photo"}
    )
    assert activity.evidence.count() == 2
    assert len(check_calls) == 2


def test_a_file_saved_with_its_record_is_checked_once(client_a, office_a, check_calls):
    agreement = AgreementFactory(office=office_a)
    data = {
        "kind": agreement.kind,
        "title": "PKS diperbarui",
        "focus_areas": agreement.focus_areas,
        "start_date": agreement.start_date.isoformat(),
        "partners": [p.pk for p in agreement.partners.all()],
        "version": agreement.version,
        "files": [SimpleUploadedFile(*corpus.real_pdf())],
        "evidence_kind": "signed_document",
    }
    response = client_a.post(reverse("agencies:agreement-edit", args=[agreement.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert agreement.evidence.count() == 1
    assert len(check_calls) == 1


def test_the_service_checks_raw_files_itself(staff_a, office_a, check_calls):
    activity = ActivityFactory(office=office_a)
    public_services.evidence_add_many(
        user=staff_a, record=activity, files=[SimpleUploadedFile(*corpus.real_png())], kind="photo"
    )
    assert len(check_calls) == 1


# Side effects on commit ----------------------------------------------------------------------------------


def test_verify_mails_only_once_committed(verifier, staff_a, office_a, django_capture_on_commit_callbacks):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        verification_services.record_verify(user=verifier, record=activity)
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["staf-a@example.org"]]


def test_a_rolled_back_return_mails_no_one(verifier, staff_a, office_a, django_capture_on_commit_callbacks):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        verification_services.record_return(user=verifier, record=activity, note="Lengkapi.")
        raise RuntimeError("later step failed")
    assert callbacks == [] and mail.outbox == []
    activity.refresh_from_db()
    assert activity.verification_status == V.SUBMITTED


def test_bulk_verify_links_use_the_given_base_url(verifier, staff_a, office_a, django_capture_on_commit_callbacks):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        verification_services.bulk_verify(
            user=verifier, kind="activity", ids=[activity.pk], base_url="https://hubal.example"
        )
    assert "https://hubal.example" + activity.detail_url() in mail.outbox[0].body


# URL typos are loud --------------------------------------------------------------------------------------


def test_a_menu_entry_with_a_wrong_url_name_fails(rf, staff_a, monkeypatch):
    monkeypatch.setattr(navigation, "MENU", [*navigation.MENU, ("Salah", "agencies:no-such-page", None)])
    request = rf.get("/")
    request.user, request.resolver_match = staff_a, None
    with pytest.raises(NoReverseMatch):
        navigation.menu_for(request)


def test_menu_urls_follow_the_script_prefix(rf, staff_a):
    """The menu's URLs are reversed once per process, per script prefix: a portal served under a sub-path
    (SCRIPT_NAME) still links right."""
    request = rf.get("/")
    request.user, request.resolver_match = staff_a, None
    assert navigation.menu_for(request)[0]["url"] == reverse("home") == "/"
    set_script_prefix("/hubal/")
    try:
        urls = [item["url"] for item in navigation.menu_for(request)]
    finally:
        set_script_prefix("/")
    assert urls[0] == "/hubal/" and all(url.startswith("/hubal/") for url in urls)
    assert navigation.menu_for(request)[0]["url"] == "/"


# One province lookup, named expiry numbers, covered reminders --------------------------------------------


def test_office_manager_finds_the_province(province, office_a, office_b):
    assert Office.objects.province() == province
    others = Office.objects.regencies_and_cities()
    assert others.count() == 27 and {office_a, office_b} <= set(others) and province not in others


def test_expiring_soon_follows_the_setting(settings, staff_a, office_a):
    today = timezone.localdate()
    agreement = AgreementFactory(office=office_a, start_date=today, end_date=today + dt.timedelta(days=100))
    assert agreement.status(today) == AgreementStatus.ACTIVE
    assert selectors.expiring_soon(staff_a, today=today)["count"] == 0
    settings.HUBAL_EXPIRING_DAYS = 120
    assert agreement.status(today) == AgreementStatus.EXPIRING
    assert Agreement.objects.with_status(today).get().computed_status == AgreementStatus.EXPIRING
    assert selectors.expiring_soon(staff_a, today=today) | {"rows": None} == {"count": 1, "rows": None, "days": 120}


def test_data_migration_marks_the_old_covered_rows(office_a):
    migration = importlib.import_module("agencies.migrations.0005_reminder_covered")
    agreement = AgreementFactory(office=office_a)
    end = agreement.end_date
    mailed = ReminderSent.objects.create(agreement=agreement, threshold_days=30, end_date=end, recipients="a@b")
    old = ReminderSent.objects.create(
        agreement=agreement,
        threshold_days=90,
        end_date=end,
        recipients="(tidak dikirim: tercakup oleh pengingat 30 hari)",
    )
    migration.mark_covered(apps, None)
    mailed.refresh_from_db(), old.refresh_from_db()
    assert (mailed.covered, old.covered) == (False, True)
