"""Cell widgets of the import resources: a spreadsheet cell to a model value, or ValueError with an Indonesian
message the preview shows next to the row and column."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db.models import QuerySet
from import_export import widgets

from .. import permissions
from ..models import Agreement, Office, Partner, PartnerAlias, normalise_name
from ..tabular import parse_number

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


def text_key(text: str) -> str:
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
        self.lookup = {text_key(label): code for code, label in choices.choices} | {text_key(c): c for c in self.labels}
        self.required, self.default = required, default

    def _code(self, text: str) -> str:
        code = self.lookup.get(text_key(text))
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
        text = text_key(cell_text(value))
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
            # The names of merged duplicates (aliases) still find the partner they were merged into (one query).
            names = Partner.objects.order_by().values_list("name_key", "id")
            aliases = PartnerAlias.objects.order_by().values_list("name_key", "partner_id")
            self._ids = dict(names.union(aliases, all=True))
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
            self._by_number = {text_key(a.number): a for a in own_last}
        return self._by_number

    def clean(self, value, row=None, **kwargs) -> Agreement | None:
        text = cell_text(value)
        if not text:
            return None
        agreement = self.by_number().get(text_key(text))
        if agreement is None:
            raise ValueError(MSG_UNKNOWN_AGREEMENT.format(value=text))
        return agreement

    def render(self, value, obj=None, **kwargs) -> str:
        return (value.number or value.title) if value else ""


MSG_RUPIAH = "“{value}” bukan jumlah rupiah yang sah (mis. 15000000 atau 15.000.000)."


class RupiahWidget(widgets.Widget):
    """An optional amount in Rupiah: a number cell, or text typed the Indonesian way ("Rp 15.000.000")."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if isinstance(value, bool):
            raise ValueError(MSG_RUPIAH.format(value=value))
        text = cell_text(value).replace("Rp", "").replace(" ", "") if not isinstance(value, int | float) else value
        if text == "":
            return None
        try:
            amount = parse_number(text)
        except ValueError:
            raise ValueError(MSG_RUPIAH.format(value=cell_text(value))) from None
        if amount is not None and amount < 0:
            raise ValueError(MSG_NEGATIVE)
        return None if amount is None else amount.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return value
