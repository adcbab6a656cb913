"""django-import-export resources for partners, agreements and activities.

Columns carry the Indonesian headers of the downloadable templates; the widgets turn a spreadsheet cell into a
model value and raise `ValueError` with an Indonesian message the preview shows next to the row and column.
Choice columns accept the label ("Rapat koordinasi") or the code ("coordination"); dates accept DD/MM/YYYY,
YYYY-MM-DD or a real Excel date; partners are named, several separated by ";", and matched by `name_key`.

Natural keys (so that importing the same file twice creates nothing new):
- partner: the normalised name (`Partner.name_key`), province-wide;
- agreement: office + Bawaslu document number; without a number, office + title + start date
  (a row with a number also matches an unnumbered agreement of the same title and start date);
- activity: office + title + start date + end date.
Titles and numbers are compared without regard to case. Rows always land in `office`, the importer's own:
no column can name another office.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import QuerySet
from import_export import fields, resources, widgets

from . import permissions
from .choices import ActivityKind, AgreementKind, ElectionStage, FocusArea, IkpDimension, PartnerCategory, PartnerLevel
from .models import Activity, Agreement, Office, Partner, normalise_name

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
LIST_SEPARATOR = ";"

MSG_REQUIRED = "Wajib diisi."
MSG_TOO_LONG = "Terlalu panjang: {length} karakter (maksimal {limit})."
MSG_CHOICE = "“{value}” bukan pilihan yang dikenal. Pilihan: {choices}."
MSG_DATE = "Format tanggal “{value}” tidak dikenali. Gunakan DD/MM/YYYY (mis. 28/11/2026) atau YYYY-MM-DD."
MSG_DATE_INVALID = "Tanggal “{value}” tidak ada di kalender."
MSG_INTEGER = "“{value}” bukan bilangan bulat."
MSG_NEGATIVE = "Tidak boleh negatif."
MSG_BOOLEAN = "Isi “Ya” atau “Tidak”."
MSG_NO_PARTNER = "Wajib diisi: minimal satu lembaga mitra (pisahkan beberapa nama dengan titik koma “;”)."
MSG_UNKNOWN_PARTNER = (
    "Lembaga mitra belum terdaftar di direktori: {names}. Periksa ejaannya, atau daftarkan dulu lewat menu "
    "Lembaga mitra (bisa juga dengan impor lembaga mitra)."
)
MSG_UNKNOWN_AGREEMENT = (
    "Kerja sama bernomor “{value}” tidak ditemukan di kantor Anda maupun di antara kerja sama provinsi yang sudah "
    "terverifikasi."
)


def cell_text(value) -> str:
    """A cell as clean text: no control characters (PostgreSQL refuses NUL), outer spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return _CONTROL.sub("", str(value)).strip()


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


class TextWidget(widgets.Widget):
    def __init__(self, *, required: bool = False, max_length: int | None = None):
        super().__init__(coerce_to_string=False)
        self.required, self.max_length = required, max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if self.required and not text:
            raise ValueError(MSG_REQUIRED)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(MSG_TOO_LONG.format(length=len(text), limit=self.max_length))
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


class ChoiceWidget(widgets.Widget):
    """One code of a TextChoices list, written as its label or its code."""

    def __init__(self, choices, *, required: bool = True, default: str = ""):
        super().__init__(coerce_to_string=False)
        self.labels = dict(choices.choices)
        self.lookup = {_key(label): code for code, label in choices.choices} | {_key(c): c for c in self.labels}
        self.required, self.default = required, default

    def _code(self, text: str) -> str:
        code = self.lookup.get(_key(text))
        if code is None:
            raise ValueError(MSG_CHOICE.format(value=text, choices=", ".join(self.labels.values())))
        return code

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text:
            if self.required and not self.default:
                raise ValueError(f"{MSG_REQUIRED} Pilihan: {', '.join(self.labels.values())}.")
            return self.default
        return self._code(text)

    def render(self, value, obj=None, **kwargs) -> str:
        return self.labels.get(value, value or "")


class MultiChoiceWidget(ChoiceWidget):
    """Several codes of a TextChoices list, separated by ";" (or ",")."""

    def __init__(self, choices):
        super().__init__(choices, required=False)

    def clean(self, value, row=None, **kwargs) -> list[str]:
        parts = [p.strip() for p in re.split(r"[;,\n]", cell_text(value)) if p.strip()]
        return list(dict.fromkeys(self._code(part) for part in parts))

    def render(self, value, obj=None, **kwargs) -> str:
        return f"{LIST_SEPARATOR} ".join(self.labels.get(code, code) for code in value or [])


class DateWidget(widgets.Widget):
    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value, row=None, **kwargs) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(MSG_REQUIRED)
            return None
        match = _DMY.match(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        if match is None and (match := _ISO.match(text)):
            parts = match.groups()
        if parts is None:
            raise ValueError(MSG_DATE.format(value=text))
        try:
            return dt.date(*(int(p) for p in parts))
        except ValueError:
            raise ValueError(MSG_DATE_INVALID.format(value=text)) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return value.strftime("%d/%m/%Y") if value else ""


class CountWidget(widgets.Widget):
    """A non-negative whole number; blank is 0."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> int:
        if isinstance(value, bool):
            raise ValueError(MSG_INTEGER.format(value=value))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            text = cell_text(value).replace(" ", "")
            if not text:
                return 0
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(MSG_INTEGER.format(value=text))
            value = int(text)
        if value < 0:
            raise ValueError(MSG_NEGATIVE)
        return value

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.Widget):
    YES = {"ya", "y", "yes", "1", "true", "benar"}
    NO = {"tidak", "t", "no", "n", "0", "false", "salah", ""}

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = _key(cell_text(value))
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(MSG_BOOLEAN)

    def render(self, value, obj=None, **kwargs) -> str:
        return "Ya" if value else "Tidak"


class PartnersWidget(widgets.ManyToManyWidget):
    """Partner names separated by ";", matched by their normalised name; returns partner ids."""

    def __init__(self):
        super().__init__(Partner, separator=LIST_SEPARATOR, field="name")
        self._ids: dict[str, int] | None = None
        self._cells: dict[str, list[int] | str] = {}

    def ids_by_key(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = dict(Partner.objects.values_list("name_key", "id"))
        return self._ids

    def clean(self, value, row=None, **kwargs) -> list[int]:
        # The same cell text recurs on many rows: resolve it once (name normalisation is the costly part).
        text = cell_text(value)
        if text not in self._cells:
            self._cells[text] = self._resolve(text)
        found = self._cells[text]
        if isinstance(found, str):
            raise ValueError(found)
        return list(found)

    def _resolve(self, text: str) -> list[int] | str:
        names = _split(text)
        if not names:
            return MSG_NO_PARTNER
        known = self.ids_by_key()
        keys = [normalise_name(name) for name in names]
        unknown = [name for name, key in zip(names, keys, strict=True) if key not in known]
        if unknown:
            return MSG_UNKNOWN_PARTNER.format(names=", ".join(f"“{n}”" for n in unknown))
        return list(dict.fromkeys(known[key] for key in keys))

    def render(self, value, obj=None, **kwargs) -> str:
        return f"{LIST_SEPARATOR} ".join(p.name for p in value.all()) if value is not None else ""


def citable_for_import(user, office: Office | None) -> QuerySet[Agreement]:
    """Agreements an imported row may cite (an activity's agreement, an agreement's parent): those the importer
    may cite at all (`permissions.citable_agreements`: own scope plus the province's verified agreements) that
    belong to the importing office or to the province, and have a document number."""
    if office is None:
        return Agreement.objects.none()
    return permissions.citable_agreements(user, office).exclude(number="")


class AgreementNumberWidget(widgets.ForeignKeyWidget):
    """An agreement named by its Bawaslu document number; the importer's own office wins over the province's."""

    def __init__(self):
        super().__init__(Agreement, field="number")
        self.office: Office | None = None
        self.user = None
        self._by_number: dict[str, Agreement] | None = None

    def by_number(self) -> dict[str, Agreement]:
        if self._by_number is None:
            citable = citable_for_import(self.user, self.office).select_related("office")
            own_last = sorted(citable, key=lambda a: a.office_id == getattr(self.office, "pk", None))
            self._by_number = {_key(a.number): a for a in own_last}
        return self._by_number

    def clean(self, value, row=None, **kwargs) -> Agreement | None:
        text = cell_text(value)
        if not text:
            return None
        agreement = self.by_number().get(_key(text))
        if agreement is None:
            raise ValueError(MSG_UNKNOWN_AGREEMENT.format(value=text))
        return agreement

    def render(self, value, obj=None, **kwargs) -> str:
        return (value.number or value.title) if value else ""


def _field(attribute: str, header: str, widget) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


class HubalResource(resources.ModelResource):
    """Rows land in `office` (the importer's own), created by `user`, as drafts."""

    required_columns: tuple[str, ...] = ()
    label_field = "title"

    def __init__(self, *, office: Office, user=None):
        super().__init__()
        self.office, self.user = office, user
        for field in self.fields.values():
            if isinstance(field.widget, AgreementNumberWidget):
                field.widget.office, field.widget.user = office, user

    def columns(self) -> dict[str, fields.Field]:
        """Template header → field, in template order."""
        return {field.column_name: field for field in self.get_import_fields()}

    def get_queryset(self):
        return self._meta.model.objects.filter(office=self.office)

    def init_instance(self, row=None):
        return self._meta.model(office=self.office, created_by=self.user)

    def key_of(self, values: dict) -> tuple:
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        """django-import-export's per-row lookup, by the same natural key as the portal's importer."""
        values = {}
        for name in self.key_fields:
            field = self.fields[name]
            if field.column_name not in row:
                continue
            try:
                values[name] = field.clean(row)
            except ValueError:
                return None
        return self.lookup(values)


class PartnerResource(HubalResource):
    required_columns = ("Nama lembaga", "Kategori")
    key_fields = ("name",)
    label_field = "name"

    name = _field("name", "Nama lembaga", TextWidget(required=True, max_length=200))
    acronym = _field("acronym", "Singkatan", TextWidget(max_length=40))
    category = _field("category", "Kategori", ChoiceWidget(PartnerCategory))
    level = _field("level", "Tingkat", ChoiceWidget(PartnerLevel, default=PartnerLevel.LOCAL))
    address = _field("address", "Alamat", TextWidget(max_length=500))
    phone = _field("phone", "Telepon", TextWidget(max_length=40))
    email = _field("email", "E-mail", TextWidget(max_length=254))
    website = _field("website", "Situs web", TextWidget(max_length=200))
    contact_name = _field("contact_name", "Narahubung", TextWidget(max_length=120))
    contact_position = _field("contact_position", "Jabatan narahubung", TextWidget(max_length=120))
    contact_phone = _field("contact_phone", "Telepon narahubung", TextWidget(max_length=40))
    accreditation_number = _field("accreditation_number", "Nomor akreditasi pemantau", TextWidget(max_length=80))
    accredited_from = _field("accredited_from", "Akreditasi berlaku dari", DateWidget())
    accredited_until = _field("accredited_until", "Akreditasi berlaku sampai", DateWidget())

    class Meta:
        model = Partner
        # The declared fields, in template order.
        fields = ["name", "acronym", "category", "level", "address", "phone", "email", "website", "contact_name", "contact_position", "contact_phone", "accreditation_number", "accredited_from", "accredited_until"]  # fmt: skip
        import_id_fields = ("name",)

    def get_queryset(self):
        return Partner.objects.all()

    def init_instance(self, row=None):
        return Partner(registered_by=self.office, home_office=self.office)

    def key_of(self, values: dict) -> tuple:
        return (normalise_name(values["name"]),)

    def lookup(self, values: dict):
        return Partner.objects.filter(name_key=normalise_name(values["name"])).first()


class AgreementResource(HubalResource):
    required_columns = ("Jenis kerja sama", "Judul", "Lembaga mitra", "Mulai berlaku")
    key_fields = ("number", "title", "start_date")

    kind = _field("kind", "Jenis kerja sama", ChoiceWidget(AgreementKind))
    title = _field("title", "Judul", TextWidget(required=True, max_length=300))
    number = _field("number", "Nomor dokumen Bawaslu", TextWidget(max_length=120))
    partner_number = _field("partner_number", "Nomor dokumen mitra", TextWidget(max_length=120))
    partners = _field("partners", "Lembaga mitra", PartnersWidget())
    focus_areas = _field("focus_areas", "Ruang lingkup", MultiChoiceWidget(FocusArea))
    signed_on = _field("signed_on", "Tanggal penandatanganan", DateWidget())
    start_date = _field("start_date", "Mulai berlaku", DateWidget(required=True))
    end_date = _field("end_date", "Berakhir", DateWidget())
    parent = _field("parent", "Nomor kerja sama induk", AgreementNumberWidget())
    signatories = _field("signatories", "Penanda tangan", TextWidget(max_length=1000))
    is_public = _field("is_public", "Dapat dipublikasikan", YesNoWidget())

    class Meta:
        model = Agreement
        # The declared fields, in template order.
        fields = ["kind", "title", "number", "partner_number", "partners", "focus_areas", "signed_on", "start_date", "end_date", "parent", "signatories", "is_public"]  # fmt: skip
        import_id_fields = ("number", "title", "start_date")

    def key_of(self, values: dict) -> tuple:
        if values.get("number"):
            return ("number", _key(values["number"]))
        return ("title", _key(values["title"]), values["start_date"])

    def lookup(self, values: dict):
        qs = self.get_queryset()
        if values.get("number"):
            found = qs.filter(number__iexact=values["number"]).first()
            if found:
                return found
            qs = qs.filter(number="")
        return qs.filter(title__iexact=values["title"], start_date=values["start_date"]).first()


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

    title = _field("title", "Nama kegiatan", TextWidget(required=True, max_length=300))
    kind = _field("kind", "Jenis kegiatan", ChoiceWidget(ActivityKind))
    start_date = _field("start_date", "Tanggal mulai", DateWidget(required=True))
    end_date = _field("end_date", "Tanggal selesai", DateWidget(required=True))
    location = _field("location", "Tempat", TextWidget(max_length=200))
    partners = _field("partners", "Lembaga mitra", PartnersWidget())
    agreement = _field("agreement", "Nomor kerja sama terkait", AgreementNumberWidget())
    focus_areas = _field("focus_areas", "Ruang lingkup", MultiChoiceWidget(FocusArea))
    stage = _field("stage", "Tahapan", ChoiceWidget(ElectionStage))
    ikp_dimensions = _field("ikp_dimensions", "Dimensi IKP", MultiChoiceWidget(IkpDimension))
    participants_male = _field("participants_male", "Peserta laki-laki", CountWidget())
    participants_female = _field("participants_female", "Peserta perempuan", CountWidget())
    reports_received = _field("reports_received", "Laporan dari mitra", CountWidget())
    description = _field("description", "Uraian kegiatan", TextWidget(max_length=5000))
    outcome = _field("outcome", "Hasil kegiatan", TextWidget(max_length=5000))
    follow_up = _field("follow_up", "Tindak lanjut", TextWidget(max_length=5000))

    class Meta:
        model = Activity
        # The declared fields, in template order.
        fields = ["title", "kind", "start_date", "end_date", "location", "partners", "agreement", "focus_areas", "stage", "ikp_dimensions", "participants_male", "participants_female", "reports_received", "description", "outcome", "follow_up"]  # fmt: skip
        import_id_fields = ("title", "start_date", "end_date")

    def key_of(self, values: dict) -> tuple:
        return (_key(values["title"]), values["start_date"], values["end_date"])

    def lookup(self, values: dict):
        return (
            self.get_queryset()
            .filter(title__iexact=values["title"], start_date=values["start_date"], end_date=values["end_date"])
            .first()
        )


RESOURCES: dict[str, type[HubalResource]] = {
    "partners": PartnerResource,
    "agreements": AgreementResource,
    "activities": ActivityResource,
}
