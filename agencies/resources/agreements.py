"""Agreements by spreadsheet: keyed by office + Bawaslu document number, else office + title + start date."""

from __future__ import annotations

from ..choices import AgreementKind, FocusArea
from ..models import Agreement
from .base import HubalResource, column_field
from .widgets import (
    AgreementNumberWidget,
    ChoiceWidget,
    DateWidget,
    MultiChoiceWidget,
    PartnersWidget,
    RupiahWidget,
    TextWidget,
    YesNoWidget,
    text_key,
)


class AgreementResource(HubalResource):
    required_columns = ("Jenis kerja sama", "Judul", "Lembaga mitra", "Mulai berlaku")
    key_fields = ("number", "title", "start_date")

    kind = column_field("kind", "Jenis kerja sama", ChoiceWidget(AgreementKind))
    title = column_field("title", "Judul", TextWidget(required=True, max_length=300))
    number = column_field("number", "Nomor dokumen Bawaslu", TextWidget(max_length=120))
    partner_number = column_field("partner_number", "Nomor dokumen mitra", TextWidget(max_length=120))
    partners = column_field("partners", "Lembaga mitra", PartnersWidget())
    focus_areas = column_field("focus_areas", "Ruang lingkup", MultiChoiceWidget(FocusArea))
    signed_on = column_field("signed_on", "Tanggal penandatanganan", DateWidget())
    start_date = column_field("start_date", "Mulai berlaku", DateWidget(required=True))
    end_date = column_field("end_date", "Berakhir", DateWidget())
    parent = column_field("parent", "Nomor kerja sama induk", AgreementNumberWidget())
    signatories = column_field("signatories", "Penanda tangan", TextWidget(max_length=1000))
    is_public = column_field("is_public", "Dapat dipublikasikan", YesNoWidget())
    budget_ceiling = column_field("budget_ceiling", "Pagu anggaran (Rp)", RupiahWidget())
    budget_spent = column_field("budget_spent", "Realisasi anggaran (Rp)", RupiahWidget())
    budget_line = column_field("budget_line", "Kode akun/kegiatan DIPA", TextWidget(max_length=120))

    class Meta:
        model = Agreement
        # The declared fields, in template order.
        fields = ["kind", "title", "number", "partner_number", "partners", "focus_areas", "signed_on", "start_date", "end_date", "parent", "signatories", "is_public", "budget_ceiling", "budget_spent", "budget_line"]  # fmt: skip
        import_id_fields = ("number", "title", "start_date")

    def key_of(self, values: dict) -> tuple:
        if values.get("number"):
            return ("number", text_key(values["number"]))
        return ("title", text_key(values["title"]), values["start_date"])

    def lookup(self, values: dict):
        qs = self.get_queryset()
        if values.get("number"):
            found = qs.filter(number__iexact=values["number"]).first()
            if found:
                return found
            qs = qs.filter(number="")
        return qs.filter(title__iexact=values["title"], start_date=values["start_date"]).first()
