"""Forms validate and normalise only: messages in Indonesian, one problem per field, the version, the
partner picker's choices, and evidence batches that name each refused file."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencies.choice_fields import partner_field
from agencies.forms import (
    MAX_FILES_PER_UPLOAD,
    MSG_FUTURE,
    MSG_VERSION,
    ActivityForm,
    AgreementForm,
    EvidenceBatchForm,
    PartnerForm,
)
from agencies.models import Activity, Agreement
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _activity_data(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Audiensi dengan KPU",
        "kind": "audience",
        "start_date": today.isoformat(),
        "end_date": today.isoformat(),
        "partners": [PartnerFactory().pk],
        "stage": "campaign",
        "participants_male": "1",
        "participants_female": "2",
        "reports_received": "0",
    }
    data.update(overrides)
    return data


def test_activity_form_valid_and_data_for_service(staff_a, office_a):
    form = ActivityForm(_activity_data(), instance=Activity(office=office_a), user=staff_a, office=office_a)
    assert form.is_valid(), form.errors
    data = form.data_for_service()
    assert "partners" not in data and "version" not in data
    assert data["participants_female"] == 2


def test_labels_are_capitalised_and_blank_choices_read_pilih(staff_a, office_a):
    form = ActivityForm(instance=Activity(office=office_a), user=staff_a, office=office_a)
    assert form.fields["focus_areas"].label == "Ruang lingkup"
    assert form.fields["ikp_dimensions"].label == "Dimensi IKP yang disasar"
    assert form.fields["kind"].choices[0] == ("", "— pilih —")


def test_one_message_per_field(staff_a, office_a):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    form = ActivityForm(
        _activity_data(start_date=tomorrow, end_date=tomorrow),
        instance=Activity(office=office_a),
        user=staff_a,
        office=office_a,
    )
    assert not form.is_valid()
    assert form.errors["start_date"] == [MSG_FUTURE]
    assert len(form.errors["end_date"]) == 1


def test_required_partner_name_not_repeated_by_the_model():
    form = PartnerForm({"name": "", "category": "ngo", "level": "local"})
    assert form.errors["name"] == ["Bidang ini tidak boleh kosong."]


def test_version_required_when_editing(staff_a, office_a):
    activity = ActivityFactory(office=office_a)
    form = ActivityForm(_activity_data(), instance=activity, user=staff_a, office=office_a)
    assert not form.is_valid()
    assert form.non_field_errors() == [MSG_VERSION]
    garbled = ActivityForm(_activity_data(version="x"), instance=activity, user=staff_a, office=office_a)
    assert not garbled.is_valid() and garbled.non_field_errors() == [MSG_VERSION]
    fine = ActivityForm(_activity_data(version="1"), instance=activity, user=staff_a, office=office_a)
    assert fine.is_valid(), fine.errors


def test_partner_picker_groups_by_category_and_accepts_any_directory_partner(staff_a, office_a, office_b):
    PartnerFactory(name="Polres Bogor", category="tni_polri", registered_by=office_b)
    PartnerFactory(name="Universitas Pakuan", category="university", registered_by=office_b)
    form = AgreementForm(instance=Agreement(office=office_a), user=staff_a, office=office_a)
    groups = [(label, [name for _, name in options]) for label, options in form.fields["partners"].widget.choices]
    assert ("TNI/Polri", ["Polres Bogor"]) in groups
    assert ("Perguruan tinggi", ["Universitas Pakuan"]) in groups
    html = str(form["partners"])
    assert '<optgroup label="TNI/Polri">' in html and "data-partner-select" in html


def test_agreement_choices_are_own_and_published_province_ones(staff_a, office_a, office_b, province):
    own = AgreementFactory(office=office_a)
    AgreementFactory(office=office_b)
    published = AgreementFactory(office=province, verification_status="verified")
    AgreementFactory(office=province, verification_status="submitted")
    form = ActivityForm(instance=Activity(office=office_a), user=staff_a, office=office_a)
    assert set(form.fields["agreement"].queryset) == {own, published}
    parent_form = AgreementForm(instance=own, user=staff_a, office=office_a)
    assert set(parent_form.fields["parent"].queryset) == {published}  # never itself


def test_evidence_batch_names_every_refused_file():
    files = [
        SimpleUploadedFile(*corpus.real_pdf()),
        SimpleUploadedFile(*corpus.svg_renamed_png()),
        SimpleUploadedFile(*corpus.executable_renamed_pdf()),
    ]
    form = EvidenceBatchForm({"evidence_kind": "photo"}, {"files": files})
    assert not form.is_valid()
    errors = form.errors["files"]
    assert errors[0] == "logo.png: Berkas berisi kode HTML/SVG dan ditolak demi keamanan."
    assert errors[1].startswith("dokumen.pdf: Jenis berkas tidak diizinkan.")
    assert len(errors) == 2


def test_evidence_batch_needs_a_kind_and_a_limit(settings):
    form = EvidenceBatchForm({}, {"files": [SimpleUploadedFile(*corpus.real_png())]})
    assert form.errors == {"evidence_kind": ["Pilih jenis bukti untuk berkas yang diunggah."]}
    many = [SimpleUploadedFile(f"{i}.png", corpus.real_png()[1]) for i in range(MAX_FILES_PER_UPLOAD + 1)]
    form = EvidenceBatchForm({"evidence_kind": "photo"}, {"files": many})
    assert form.errors["files"] == [f"Paling banyak {MAX_FILES_PER_UPLOAD} berkas dalam satu kali unggah."]


def test_evidence_batch_optional_in_record_forms_required_on_upload():
    assert EvidenceBatchForm({"evidence_kind": "photo"}, {}).is_valid()
    required = EvidenceBatchForm({"evidence_kind": "photo"}, {}, require_files=True)
    assert required.errors["files"] == ["Pilih minimal satu berkas untuk diunggah."]


def _outcome(clean, value):
    try:
        result = clean(value)
    except ValidationError as exc:
        return exc.code, exc.messages
    if result is None:
        return None
    return sorted(obj.pk for obj in result) if hasattr(result, "__iter__") else result.pk


def test_the_partner_check_answers_like_djangos(staff_a):
    field = partner_field(staff_a)
    partners = [PartnerFactory(), PartnerFactory()]
    values = [
        [str(partners[0].pk)],
        [str(p.pk) for p in partners] * 2,
        ["abc"],
        ["1.5"],
        [str(partners[0].pk), "999999"],
        [["x"]],
        ["12\x00"],
    ]
    for value in values:
        djangos = _outcome(lambda v: forms.ModelMultipleChoiceField._check_values(field, v), value)
        assert _outcome(field._check_values, value) == djangos, value
    assert _outcome(field._check_values, ["999999"]) == (
        "invalid_choice",
        ["Lembaga mitra nomor 999999 tidak ada di direktori."],
    )


def test_the_agreement_choice_answers_like_djangos_and_reads_what_the_rules_need(
    staff_a, office_a, office_b, province, django_assert_num_queries
):
    form = ActivityForm(user=staff_a, office=office_a)
    field = form.fields["agreement"]
    own, foreign = AgreementFactory(office=office_a), AgreementFactory(office=office_b)
    national = AgreementFactory(office=province, verification_status="verified")
    for value in ["", None, str(own.pk), own.pk, str(national.pk), str(foreign.pk), "abc", "999999", own]:
        djangos = _outcome(lambda v: forms.ModelChoiceField.to_python(field, v), value)
        assert _outcome(field.to_python, value) == djangos, value
    chosen = field.to_python(str(national.pk))
    with django_assert_num_queries(0):
        assert (chosen.office.is_province, chosen.is_verified) == (True, True)
        assert field.label_from_instance(chosen).endswith(f"({province.region_label})")


def test_date_pickers_read_iso_first_and_still_take_the_locales_dates(staff_a, office_a):
    form = ActivityForm(user=staff_a, office=office_a)
    field = form.fields["start_date"]
    assert field.input_formats[0] == "%Y-%m-%d"
    assert field.clean("2025-06-10") == field.clean("10/06/2025") == dt.date(2025, 6, 10)


def test_agreement_options_read_as_rows_say_what_the_models_say(staff_a, office_a, province):
    AgreementFactory(office=office_a, title="T" * 95, number="01/<PKS>", verification_status="draft")
    AgreementFactory(office=office_a, title='PKS "Pengawasan" & <Kampanye>', verification_status="returned")
    AgreementFactory(office=province, title="MoU nasional", verification_status="verified")
    field = ActivityForm(user=staff_a, office=office_a).fields["agreement"]
    expected = [
        (str(a.pk), field.label_from_instance(a), "" if a.is_verified else a.get_verification_status_display())
        for a in field.queryset.select_related("office")
    ]
    empty, *options = list(field.choices)
    assert empty == ("", "(tidak terkait kerja sama)")
    assert [(str(value), label, value.instance.unverified) for value, label in options] == expected
    html = field.widget.render("agreement", None)
    assert html.count("data-unverified=") == 2 and 'data-unverified="Dikembalikan"' in html
    assert "T" * 89 + "…" in html and "01/&lt;PKS&gt;" in html and "(Provinsi " in html
