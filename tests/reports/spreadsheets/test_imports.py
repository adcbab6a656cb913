"""Imports: preview writes nothing, all-or-nothing, natural keys, own office only, drafts with history."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from agencies.choices import VerificationAction, VerificationStatus
from agencies.models import Activity, Agreement, Partner, VerificationEvent
from reports.spreadsheets import imports
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

ACTIVITY_HEADERS = ["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"]
AGREEMENT_HEADERS = ["Jenis kerja sama", "Judul", "Nomor dokumen Bawaslu", "Lembaga mitra", "Mulai berlaku"]
TODAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def xlsx(rows, title="Kegiatan", name="data.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def csv_file(text: str, name="data.csv", encoding="utf-8-sig"):
    buffer = io.BytesIO(text.encode(encoding))
    buffer.name = name
    return buffer


def run(user, kind, upload, *, confirm=False):
    """Inspect, stash and preview (and confirm) exactly as the views do."""
    office_ = imports.import_office_for(user)
    fmt = imports.inspect_upload(upload, kind, office=office_)
    state = imports.stash_upload(upload, kind, fmt, user=user, office=office_)
    if confirm:
        return imports.confirm_import(state, user=user, office=office_)
    return imports.preview_import(state, user=user, office=office_)


@pytest.fixture
def partners(db):
    return [PartnerFactory(name="Universitas Indonesia"), PartnerFactory(name="Polres Depok")]


def activity_rows(n=3):
    return [ACTIVITY_HEADERS] + [
        [
            f"Rapat koordinasi ke-{i}",
            "Rapat koordinasi",
            f"0{i}/03/2026",
            dt.datetime(2026, 3, i),
            "Polres Depok",
            "Kampanye",
        ]
        for i in range(1, n + 1)
    ]


def test_preview_writes_nothing(staff_a, partners):
    before = (Activity.objects.count(), Activity.history.count())
    plan = run(staff_a, "activities", xlsx(activity_rows(3)))
    assert plan.is_valid
    assert plan.counts()["new"] == 3
    assert (Activity.objects.count(), Activity.history.count()) == before


def test_confirm_creates_drafts_in_own_office_with_history(staff_a, office_a, partners):
    plan = run(staff_a, "activities", xlsx(activity_rows(3)), confirm=True)
    assert plan.counts()["new"] == 3
    created = Activity.objects.filter(title__startswith="Rapat koordinasi ke-").order_by("start_date")
    assert [a.office for a in created] == [office_a] * 3
    assert {a.verification_status for a in created} == {VerificationStatus.DRAFT}
    first = created[0]
    assert first.start_date == dt.date(2026, 3, 1)
    assert first.created_by == staff_a
    assert [p.name for p in first.partners.all()] == ["Polres Depok"]
    history = first.history.get()
    assert history.history_type == "+"
    assert history.history_user == staff_a
    assert [link.partner.name for link in history.partners.all()] == ["Polres Depok"]


def test_a_bad_last_row_writes_nothing(staff_a, partners):
    rows = activity_rows(3) + [
        ["Rapat terakhir", "Rapat koordinasi", "2026/03/04", "05/03/2026", "Polres Depok", "Kampanye"]
    ]
    plan = run(staff_a, "activities", xlsx(rows), confirm=True)
    assert not plan.is_valid
    assert plan.counts() == {"new": 3, "update": 0, "unchanged": 0, "skipped": 0, "invalid": 1}
    [error] = plan.errors
    assert (error.row, error.column) == (5, "Tanggal mulai")
    assert "2026/03/04" in error.message and "DD/MM/YYYY" in error.message
    assert not Activity.objects.filter(title__startswith="Rapat").exists()
    assert Activity.history.count() == 0


def test_same_file_twice_creates_no_duplicates(staff_a, partners):
    upload = xlsx(activity_rows(3))
    run(staff_a, "activities", upload, confirm=True)
    upload.seek(0)
    second = run(staff_a, "activities", upload, confirm=True)
    assert second.counts()["unchanged"] == 3
    assert Activity.objects.filter(title__startswith="Rapat koordinasi ke-").count() == 3
    assert Activity.history.count() == 3


def test_changed_row_updates_and_submitted_record_returns_to_draft(staff_a, partners):
    run(staff_a, "activities", xlsx(activity_rows(2)), confirm=True)
    activity = Activity.objects.get(title="Rapat koordinasi ke-1")
    Activity.objects.filter(pk=activity.pk).update(verification_status=VerificationStatus.SUBMITTED)
    rows = activity_rows(2)
    rows[1][4] = "Polres Depok; universitas  INDONESIA."
    plan = run(staff_a, "activities", xlsx(rows), confirm=True)
    assert plan.counts() == {"new": 0, "update": 1, "unchanged": 1, "skipped": 0, "invalid": 0}
    assert plan.rows[0].changed_columns == ["Lembaga mitra"]
    activity.refresh_from_db()
    assert activity.verification_status == VerificationStatus.DRAFT
    assert activity.version == 2
    assert sorted(p.name for p in activity.partners.all()) == ["Polres Depok", "Universitas Indonesia"]
    latest = activity.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert sorted(link.partner.name for link in latest.partners.all()) == ["Polres Depok", "Universitas Indonesia"]
    event = VerificationEvent.objects.get(activity=activity)
    assert event.action == VerificationAction.REOPEN


def test_same_key_twice_in_one_file_is_an_error(staff_a, partners):
    rows = activity_rows(1) + [activity_rows(1)[1]]
    plan = run(staff_a, "activities", xlsx(rows))
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Nama kegiatan")]
    assert "baris 2" in plan.errors[0].message


def test_office_column_is_refused(staff_a, partners):
    rows = [
        [*ACTIVITY_HEADERS, "Kantor"],
        ["Rapat", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye", "32.01"],
    ]
    with pytest.raises(imports.FileRejected, match="Kolom “Kantor” tidak diterima"):
        run(staff_a, "activities", xlsx(rows))
    assert not Activity.objects.exists()


def test_import_lands_in_importers_office_only(staff_b, office_b, partners):
    ActivityFactory(
        office=office("32.76"),
        title="Rapat koordinasi ke-1",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 3, 1),
    )
    plan = run(staff_b, "activities", xlsx(activity_rows(1)), confirm=True)
    # Office A's activity with the same key is not touched: B gets its own new record.
    assert plan.counts()["new"] == 1
    assert Activity.objects.filter(title="Rapat koordinasi ke-1").count() == 2
    assert Activity.objects.filter(title="Rapat koordinasi ke-1", office=office_b).count() == 1


def test_verifier_imports_into_province(verifier, province, partners):
    run(verifier, "activities", xlsx(activity_rows(1)), confirm=True)
    assert Activity.objects.get().office == province


def test_leader_cannot_import(leader):
    assert imports.import_office_for(leader) is None


def test_unknown_partner_and_future_date_are_row_errors(staff_a, partners):
    rows = [ACTIVITY_HEADERS, ["Rapat", "Rapat koordinasi", "01/12/2026", "02/12/2026", "Lembaga Fiktif", "Kampanye"]]
    plan = run(staff_a, "activities", xlsx(rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Lembaga mitra")]
    assert "“Lembaga Fiktif”" in plan.errors[0].message
    rows[1][4] = "Polres Depok"
    plan = run(staff_a, "activities", xlsx(rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Tanggal selesai")]
    assert "masa depan" in plan.errors[0].message


def test_choices_accept_labels_and_codes(staff_a, partners):
    rows = [
        [*ACTIVITY_HEADERS, "Ruang lingkup", "Dimensi IKP"],
        [
            "A",
            "RAPAT KOORDINASI",
            "01/03/2026",
            "01/03/2026",
            "Polres Depok",
            "campaign",
            "prevention; Pengawasan partisipatif",
            "Kontestasi",
        ],
        ["B", "fgd", "2026-03-02", "2026-03-02", "Polres Depok", "Masa tenang", "", ""],
        ["C", "Rapat", "02/03/2026", "02/03/2026", "Polres Depok", "Kampanye", "Pencegahan; lainnya", ""],
    ]
    plan = run(staff_a, "activities", xlsx(rows))
    assert plan.rows[0].instance.kind == "coordination"
    assert plan.rows[0].instance.focus_areas == ["prevention", "participatory"]
    assert plan.rows[1].instance.stage == "quiet_period"
    assert [(e.row, e.column) for e in plan.errors] == [(4, "Jenis kegiatan"), (4, "Ruang lingkup")]
    assert "Rapat koordinasi, Audiensi" in plan.errors[0].message


def test_csv_with_semicolons_and_ansi_encoding(staff_a, partners):
    text = (
        ";".join(ACTIVITY_HEADERS)
        + "\r\nSosialisasi pemilih pemula di Cimanggis;Sosialisasi;05/03/2026;05/03/2026;Polres Depok;Kampanye\r\n"
    )
    plan = run(staff_a, "activities", csv_file(text, encoding="cp1252"), confirm=True)
    assert plan.counts()["new"] == 1
    assert Activity.objects.get().start_date == dt.date(2026, 3, 5)


def test_agreements_keyed_by_number_or_title_and_start(staff_a, office_a, partners):
    rows = [
        AGREEMENT_HEADERS,
        ["PKS", "PKS pengawasan partisipatif", "001/PKS/2026", "Universitas Indonesia", "15/01/2026"],
        ["MoU", "MoU pendidikan pemilih", "", "Polres Depok", "01/02/2026"],
    ]
    run(staff_a, "agreements", xlsx(rows, title="Kerja sama"), confirm=True)
    rows[1][1] = "PKS pengawasan partisipatif (perubahan judul)"
    rows[2][2] = "002/MOU/2026"
    plan = run(staff_a, "agreements", xlsx(rows, title="Kerja sama"), confirm=True)
    assert plan.counts() == {"new": 0, "update": 2, "unchanged": 0, "skipped": 0, "invalid": 0}
    assert Agreement.objects.count() == 2
    assert Agreement.objects.get(number="001/PKS/2026").title.endswith("(perubahan judul)")
    assert Agreement.objects.get(number="002/MOU/2026").kind == "mou"


def test_partners_by_normalised_name_and_owner(staff_a, office_a, office_b):
    PartnerFactory(name="Universitas Padjadjaran", registered_by=office_b, phone="1")
    rows = [
        ["Nama lembaga", "Kategori", "Telepon"],
        ["UNIVERSITAS  padjadjaran.", "Perguruan tinggi", "2"],
        ["Forum Pemuda Depok", "youth_org", ""],
    ]
    plan = run(staff_a, "partners", xlsx(rows, title="Lembaga mitra"), confirm=True)
    assert [r.status for r in plan.rows] == ["skipped", "new"]
    assert "Kabupaten Bogor" in plan.rows[0].note
    assert Partner.objects.get(name="Universitas Padjadjaran").phone == "1"
    created = Partner.objects.get(name="Forum Pemuda Depok")
    assert (created.registered_by, created.home_office, created.category) == (office_a, office_a, "youth_org")
    assert created.history.count() == 1


def test_activity_may_cite_own_or_verified_province_agreement_by_number(staff_a, office_a, province, partners):
    AgreementFactory(office=province, number="NK/01/2026", verification_status=VerificationStatus.VERIFIED)
    AgreementFactory(office=province, number="NK/02/2026")  # a province draft: not citable by offices
    AgreementFactory(office=office("32.01"), number="PKS/BOGOR/1", verification_status=VerificationStatus.VERIFIED)
    own = AgreementFactory(office=office_a, number="NK/02/2026")  # the office's own draft wins a shared number
    rows = [[*ACTIVITY_HEADERS, "Nomor kerja sama terkait"]]
    for title, number in [("A", "nk/01/2026"), ("B", "PKS/BOGOR/1"), ("C", "NK/02/2026")]:
        rows.append([title, "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye", number])
    plan = run(staff_a, "activities", xlsx(rows))
    assert plan.rows[0].instance.agreement.number == "NK/01/2026"
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Nomor kerja sama terkait")]
    assert plan.rows[2].instance.agreement == own


def test_province_draft_agreement_cannot_be_cited(staff_a, province, partners):
    AgreementFactory(office=province, number="NK/03/2026")
    rows = [
        [*ACTIVITY_HEADERS, "Nomor kerja sama terkait"],
        ["A", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye", "NK/03/2026"],
    ]
    [error] = run(staff_a, "activities", xlsx(rows)).errors
    assert "terverifikasi" in error.message


def test_data_changed_between_preview_and_confirm_is_caught(staff_a, partners):
    office_ = imports.import_office_for(staff_a)
    upload = xlsx(activity_rows(1))
    state = imports.stash_upload(
        upload, "activities", imports.inspect_upload(upload, "activities", office=office_), user=staff_a, office=office_
    )
    assert imports.preview_import(state, user=staff_a, office=office_).is_valid
    Partner.objects.filter(name="Polres Depok").delete()
    plan = imports.confirm_import(state, user=staff_a, office=office_)
    assert not plan.is_valid
    assert not Activity.objects.exists()
    # The file stays available so the preview can show the new errors.
    assert not imports.preview_import(state, user=staff_a, office=office_).is_valid


def test_resources_also_work_with_django_import_export(staff_a, office_a, partners):
    """The benchmark's baseline: the library's own import_data with the same Resource creates the same rows."""
    import tablib

    from agencies.resources import ActivityResource

    dataset = tablib.Dataset().load(xlsx(activity_rows(2)), format="xlsx")
    result = ActivityResource(office=office_a, user=staff_a).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    created = Activity.objects.get(title="Rapat koordinasi ke-2")
    assert (created.office, created.start_date, created.kind) == (office_a, dt.date(2026, 3, 2), "coordination")
    assert [p.name for p in created.partners.all()] == ["Polres Depok"]
    again = ActivityResource(office=office_a, user=staff_a).import_data(dataset, dry_run=False)
    assert [row.import_type for row in again.rows] == ["update", "update"]
    assert Activity.objects.count() == 2
