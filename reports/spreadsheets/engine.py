"""Planning an import: headers checked, every row converted, keyed, compared with what exists and validated.

A plan is computed the same way for the preview and, again from the stored file, inside the confirm transaction:
the preview is never trusted. Planning only reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from agencies import permissions
from agencies.models import Office, Partner, PartnerAlias
from agencies.resources import RESOURCES, HubalResource, cell_text, normalise_name
from agencies.tabular import MSG_DUPLICATE_COLUMNS, MSG_MISSING_COLUMNS, MSG_UNKNOWN_COLUMNS, FileRejected, Table

NEW, UPDATE, UNCHANGED, SKIPPED, INVALID = "new", "update", "unchanged", "skipped", "invalid"
STATUS_LABELS = {
    NEW: "baru",
    UPDATE: "diperbarui",
    UNCHANGED: "tidak berubah",
    SKIPPED: "dilewati",
    INVALID: "tidak valid",
}
KIND_LABELS = {"partners": "Lembaga mitra", "agreements": "Kerja sama", "activities": "Kegiatan"}

# Columns that would name an office: refused, the importer's own office is always used.
OFFICE_HEADERS = {
    "kantor",
    "kode kantor",
    "kantor bawaslu",
    "kode wilayah",
    "wilayah",
    "office",
    "office_id",
    "kode satker",
    "satker",
    "unit kerja",
    "didaftarkan oleh",
}

MSG_OFFICE_COLUMN = (
    "Kolom “{column}” tidak diterima: data impor selalu masuk ke kantor Anda sendiri ({office}). "
    "Hapus kolom itu lalu unggah lagi."
)
MSG_USE_TEMPLATE = "Gunakan templat impor {kind} dan jangan ubah judul kolomnya."
MSG_OTHER_KIND = "Berkas ini tampaknya berisi data {found}, bukan {wanted}: pilih jenis data yang sesuai."
MSG_DUPLICATE_ROW = "Data yang sama sudah ada di baris {first} (kunci: {key}); hapus salah satunya."
MSG_PARTNER_NOT_YOURS = (
    "Sudah terdaftar oleh {office}; hanya kantor itu atau verifikator provinsi yang dapat mengubahnya."
)
MSG_REOPENED = "Data ini sudah diajukan/terverifikasi; setelah diperbarui statusnya kembali ke draf."
KEY_DESCRIPTIONS = {
    "partners": "nama lembaga",
    "agreements": "nomor dokumen, atau judul dan tanggal mulai",
    "activities": "nama kegiatan, tanggal mulai dan tanggal selesai",
}
CHUNK = 500


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    row: int
    label: str = ""
    status: str = NEW
    data: dict = field(default_factory=dict)
    partner_ids: list[int] | None = None
    instance: models.Model | None = None
    changed: list[str] = field(default_factory=list)
    changed_columns: list[str] = field(default_factory=list)
    reopen: bool = False
    note: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportPlan:
    kind: str
    office: Office
    rows: list[RowPlan]
    model: type[models.Model] = Partner
    batch: models.Model | None = None  # the ImportBatch of the written agreements/activities (apply_plan)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self) -> bool:
        return all(row.status != INVALID for row in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def _norm(header: str) -> str:
    return " ".join(header.split()).casefold()


def match_columns(resource: HubalResource, headers: list[str], *, kind: str, office: Office) -> list[tuple]:
    """(column index, field) for every header; FileRejected naming missing, unknown or office columns."""
    by_key = {_norm(name): f for name, f in resource.columns().items()}
    found, unknown, dupes, seen = [], [], [], set()
    for index, header in enumerate(headers):
        key = _norm(header)
        if not key:
            continue
        if key in OFFICE_HEADERS:
            raise FileRejected(MSG_OFFICE_COLUMN.format(column=header, office=office.name))
        if key not in by_key:
            unknown.append(header)
        elif key in seen:
            dupes.append(header)
        else:
            seen.add(key)
            found.append((index, by_key[key]))
    missing = [name for name in resource.required_columns if _norm(name) not in seen]
    problems = []
    if missing:
        problems.append(MSG_MISSING_COLUMNS.format(columns=", ".join(missing)))
    if unknown:
        problems.append(MSG_UNKNOWN_COLUMNS.format(columns=", ".join(unknown)))
    if dupes:
        problems.append(MSG_DUPLICATE_COLUMNS.format(columns=", ".join(dupes)))
    if problems:
        raise FileRejected(" ".join([_other_kind_hint(headers, kind), *problems, _use_template(kind)]).strip())
    return found


def _use_template(kind: str) -> str:
    return MSG_USE_TEMPLATE.format(kind=KIND_LABELS[kind])


def _other_kind_hint(headers: list[str], kind: str) -> str:
    present = {_norm(h) for h in headers}
    for other, resource_class in RESOURCES.items():
        if other != kind and all(_norm(c) in present for c in resource_class.required_columns):
            return MSG_OTHER_KIND.format(found=KIND_LABELS[other], wanted=KIND_LABELS[kind])
    return ""


class Planner:
    """Turns a table into an ImportPlan for `office`, as `user` would import it."""

    def __init__(self, kind: str, *, user, office: Office, lock: bool = False):
        self.kind, self.user, self.office, self.lock = kind, user, office, lock
        self.resource = RESOURCES[kind](office=office, user=user)
        self.model = self.resource._meta.model
        self.headers = {f.attribute: f.column_name for f in self.resource.columns().values()}

    def plan(self, table: Table) -> ImportPlan:
        columns = match_columns(self.resource, table.headers, kind=self.kind, office=self.office)
        present = {f.attribute for _, f in columns}
        rows = [self._convert(number, values, columns) for number, values in table.rows]
        keyed = self._check_duplicates(rows)
        existing = self._load_existing(keyed)
        links = self._load_links(existing.values())
        claimed: dict[int, int] = {}
        for row, key in keyed:
            self._compare(row, self._match(existing, key, row.data), links, claimed, present)
        return ImportPlan(kind=self.kind, office=self.office, rows=rows, model=self.model)

    # Pass 1: cells → values ----------------------------------------------------------------------

    def _convert(self, number: int, values: tuple, columns) -> RowPlan:
        row = RowPlan(row=number)
        for index, column in columns:
            raw = values[index] if index < len(values) else None
            try:
                row.data[column.attribute] = column.widget.clean(raw)
            except ValueError as exc:
                row.errors.append(RowError(number, column.column_name, str(exc)))
        label_field = self.resource.label_field
        row.label = str(row.data.get(label_field) or "")
        if not row.label:
            label_index = next((i for i, c in columns if c.attribute == label_field), None)
            row.label = cell_text(values[label_index]) if label_index is not None and label_index < len(values) else ""
        if row.errors:
            row.status = INVALID
        return row

    def _check_duplicates(self, rows: list[RowPlan]) -> list[tuple[RowPlan, tuple]]:
        seen: dict[tuple, int] = {}
        keyed = []
        for row in rows:
            if row.status == INVALID:
                continue
            key = self.resource.key_of(row.data)
            if key in seen:
                self._fail(row, self.resource.label_field, MSG_DUPLICATE_ROW, first=seen[key])
                continue
            seen[key] = row.row
            keyed.append((row, key))
        return keyed

    def _fail(self, row: RowPlan, attribute: str, message: str, **params) -> None:
        params.setdefault("key", KEY_DESCRIPTIONS[self.kind])
        row.errors.append(RowError(row.row, self.headers.get(attribute, ""), message.format(**params)))
        row.status = INVALID

    # Pass 2: what exists already -------------------------------------------------------------------

    def _base_queryset(self):
        qs = self.resource.get_queryset()
        return qs.select_for_update() if self.lock else qs

    def _load_existing(self, keyed) -> dict[tuple, models.Model]:
        if not keyed:
            return {}
        if self.kind == "partners":
            found = {}
            keys = [key[0] for _, key in keyed]
            for start in range(0, len(keys), CHUNK):
                chunk = self._base_queryset().filter(name_key__in=keys[start : start + CHUNK])
                found |= {(p.name_key,): p for p in chunk.select_related("registered_by")}
            return self._partners_by_alias(keys, found)
        qs = self._base_queryset()
        if self.kind == "activities":
            starts = [row.data["start_date"] for row, _ in keyed]
            qs = qs.filter(start_date__gte=min(starts), start_date__lte=max(starts))
        index: dict[tuple, models.Model] = {}
        for obj in qs:
            for key in self._keys_of_existing(obj):
                index.setdefault(key, obj)
        return index

    def _partners_by_alias(self, keys: list[str], found: dict[tuple, models.Model]) -> dict[tuple, models.Model]:
        """A name that was merged into another partner (a PartnerAlias) finds the partner kept."""
        missing = [key for key in keys if (key,) not in found]
        for start in range(0, len(missing), CHUNK):
            aliases = PartnerAlias.objects.filter(name_key__in=missing[start : start + CHUNK]).values_list(
                "name_key", "partner_id"
            )
            by_pk = dict(aliases)
            partners = self._base_queryset().select_related("registered_by").in_bulk(set(by_pk.values()))
            found |= {(key,): partners[pk] for key, pk in by_pk.items() if pk in partners}
        return found

    def _keys_of_existing(self, obj) -> Iterable[tuple]:
        if self.kind == "agreements":
            if obj.number:
                yield self.resource.key_of({"number": obj.number})
            yield self.resource.key_of({"title": obj.title, "start_date": obj.start_date})
        else:
            yield self.resource.key_of({"title": obj.title, "start_date": obj.start_date, "end_date": obj.end_date})

    def _match(self, existing: dict, key: tuple, data: dict):
        found = existing.get(key)
        if found is None and self.kind == "agreements" and key[0] == "number" and data.get("title"):
            # A number added later still finds the unnumbered agreement of the same title and start date.
            candidate = existing.get(self.resource.key_of({"title": data["title"], "start_date": data["start_date"]}))
            found = candidate if candidate is not None and not candidate.number else None
        return found

    def _load_links(self, objects: Iterable[models.Model]) -> dict[int, set[int]]:
        if self.kind == "partners":
            return {}
        through = self.model.partners.through
        owner = self.model._meta.model_name + "_id"
        ids = [obj.pk for obj in objects]
        links: dict[int, set[int]] = {pk: set() for pk in ids}
        for start in range(0, len(ids), CHUNK):
            pairs = through.objects.filter(**{f"{owner}__in": ids[start : start + CHUNK]}).values_list(
                owner, "partner_id"
            )
            for owner_id, partner_id in pairs:
                links[owner_id].add(partner_id)
        return links

    # Pass 3: compare and validate -------------------------------------------------------------------

    def _compare(self, row: RowPlan, existing, links, claimed: dict[int, int], present: set[str]) -> None:
        partner_ids = row.data.pop("partners", None)
        row.partner_ids = partner_ids
        if existing is None:
            row.instance = self.resource.init_instance()
        else:
            if existing.pk in claimed:
                self._fail(row, self.resource.label_field, MSG_DUPLICATE_ROW, first=claimed[existing.pk])
                return
            claimed[existing.pk] = row.row
            if isinstance(existing, Partner) and normalise_name(row.data.get("name", "")) != existing.name_key:
                row.data["name"] = existing.name  # found by a merged name (alias): the partner kept keeps its name
            row.changed = self._changes(existing, row.data, partner_ids, links.get(existing.pk, set()))
            row.changed_columns = [self.headers.get(name, name) for name in row.changed]
            if not row.changed:
                row.status = UNCHANGED
                return
            if isinstance(existing, Partner) and not permissions.can_edit(self.user, existing):
                row.status, row.note = SKIPPED, MSG_PARTNER_NOT_YOURS.format(office=existing.registered_by)
                return
            row.instance, row.status = existing, UPDATE
            row.reopen = getattr(existing, "reopens_on_change", False)
            row.note = MSG_REOPENED if row.reopen else ""
        for name, value in row.data.items():
            setattr(row.instance, name, value)
        self._validate(row, present)

    def _changes(self, obj, data: dict, partner_ids, old_links: set[int]) -> list[str]:
        changed = []
        for name, value in data.items():
            model_field = obj._meta.get_field(name)
            if model_field.is_relation:
                old, value = getattr(obj, model_field.attname), (value.pk if value is not None else None)
            else:
                old = getattr(obj, name)
            if isinstance(old, list):
                old, value = set(old), set(value)
            if old != value:
                changed.append(name)
        if partner_ids is not None and set(partner_ids) != old_links:
            changed.append("partners")
        return changed

    def _validate(self, row: RowPlan, present: set[str]) -> None:
        instance = row.instance
        if isinstance(instance, Partner):
            instance.name_key = normalise_name(instance.name)
        exclude = [f.name for f in instance._meta.concrete_fields if f.name not in present]
        try:
            instance.clean_fields(exclude=exclude)
            instance.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else self.headers.get(name, name)
                for message in messages:
                    row.errors.append(RowError(row.row, column, message))
            row.status = INVALID
