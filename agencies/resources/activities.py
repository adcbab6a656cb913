"""Activities by spreadsheet: keyed by office + title + start date + end date."""

from __future__ import annotations

from ..choices import ActivityKind, ElectionStage, FocusArea, IkpDimension
from ..models import Activity
from .base import HubalResource, column_field
from .widgets import (
    AgreementNumberWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    MultiChoiceWidget,
    PartnersWidget,
    RupiahWidget,
    TextWidget,
    text_key,
)


class ActivityResource(HubalResource):
    required_columns = (
        "Nama kegiatan",
        "Jenis kegiatan",
        "Tanggal mulai",
        "Tanggal selesai",
        "Lembaga mitra",
        "Tahapan",
    )
    key_fields = ("title", "start_date", "end_date")

    title = column_field("title", "Nama kegiatan", TextWidget(required=True, max_length=300))
    kind = column_field("kind", "Jenis kegiatan", ChoiceWidget(ActivityKind))
    start_date = column_field("start_date", "Tanggal mulai", DateWidget(required=True))
    end_date = column_field("end_date", "Tanggal selesai", DateWidget(required=True))
    location = column_field("location", "Tempat", TextWidget(max_length=200))
    partners = column_field("partners", "Lembaga mitra", PartnersWidget())
    agreement = column_field("agreement", "Nomor kerja sama terkait", AgreementNumberWidget())
    focus_areas = column_field("focus_areas", "Ruang lingkup", MultiChoiceWidget(FocusArea))
    stage = column_field("stage", "Tahapan", ChoiceWidget(ElectionStage))
    ikp_dimensions = column_field("ikp_dimensions", "Dimensi IKP", MultiChoiceWidget(IkpDimension))
    participants_male = column_field("participants_male", "Peserta laki-laki", CountWidget())
    participants_female = column_field("participants_female", "Peserta perempuan", CountWidget())
    reports_received = column_field("reports_received", "Laporan dari mitra", CountWidget())
    description = column_field("description", "Uraian kegiatan", TextWidget(max_length=5000))
    outcome = column_field("outcome", "Hasil kegiatan", TextWidget(max_length=5000))
    follow_up = column_field("follow_up", "Tindak lanjut", TextWidget(max_length=5000))
    budget_ceiling = column_field("budget_ceiling", "Pagu anggaran (Rp)", RupiahWidget())
    budget_spent = column_field("budget_spent", "Realisasi anggaran (Rp)", RupiahWidget())
    budget_line = column_field("budget_line", "Kode akun/kegiatan DIPA", TextWidget(max_length=120))

    class Meta:
        model = Activity
        # The declared fields, in template order.
        fields = ["title", "kind", "start_date", "end_date", "location", "partners", "agreement", "focus_areas", "stage", "ikp_dimensions", "participants_male", "participants_female", "reports_received", "description", "outcome", "follow_up", "budget_ceiling", "budget_spent", "budget_line"]  # fmt: skip
        import_id_fields = ("title", "start_date", "end_date")

    def key_of(self, values: dict) -> tuple:
        return (text_key(values["title"]), values["start_date"], values["end_date"])

    def lookup(self, values: dict):
        return (
            self.get_queryset()
            .filter(title__iexact=values["title"], start_date=values["start_date"], end_date=values["end_date"])
            .first()
        )
