"""The two verifiable records: cooperation agreements and activities."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from agencies.choices import (
    ActivityKind,
    AgreementKind,
    AgreementStatus,
    ElectionStage,
    EvidenceKind,
    FocusArea,
    IkpDimension,
    VerificationStatus,
)
from agencies.dates import MSG_NOT_IN_FUTURE, is_in_future
from agencies.expiry import expiring_soon_days
from agencies.fields import MultiChoiceField
from agencies.querysets import ActivityQuerySet, AgreementQuerySet

from .base import EndNotBeforeStart, FetchedForeignKeys, TimeStamped, Versioned
from .budget import Budgeted
from .history import RecordHistory
from .imports import ImportBatch
from .offices import Office
from .partners import Partner


class Verifiable(FetchedForeignKeys, models.Model):
    """Tiered-verification state: draft → submitted → verified, or → returned with a note.

    `record_kind` names the concrete record once for all code: it is the `<kind>` of the workflow and upload
    URLs, the prefix of its URL names (`agencies:<kind>-detail`) and the name of the foreign key that evidence
    and verification events use to point at it.
    """

    record_kind: ClassVar[str]
    default_evidence_kind: ClassVar[str]  # preselected in its upload form

    verification_status = models.CharField(
        "status verifikasi",
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField("diajukan pada", null=True, blank=True, editable=False)
    verified_at = models.DateTimeField("diverifikasi pada", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diverifikasi oleh",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_note = models.TextField("catatan pengembalian", blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_editable_state(self) -> bool:
        return self.verification_status in (VerificationStatus.DRAFT, VerificationStatus.RETURNED)

    @property
    def reopens_on_change(self) -> bool:
        """A change takes a submitted or verified record back to draft (it must be verified again)."""
        return self.verification_status in (VerificationStatus.SUBMITTED, VerificationStatus.VERIFIED)

    @property
    def kind_label(self) -> str:
        """'Kerja sama' or 'Kegiatan', as a page or an e-mail names the kind of record."""
        return capfirst(self._meta.verbose_name)

    def detail_url(self) -> str:
        return reverse(f"agencies:{self.record_kind}-detail", args=[self.pk])


class Agreement(TimeStamped, Versioned, Verifiable, Budgeted):
    """A cooperation agreement (MoU, PKS …) of one office with one or more partners."""

    record_kind = "agreement"
    default_evidence_kind = EvidenceKind.SIGNED_DOCUMENT

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="agreements")
    partners = models.ManyToManyField(Partner, verbose_name="lembaga mitra", related_name="agreements")
    kind = models.CharField("jenis", max_length=20, choices=AgreementKind.choices)
    number = models.CharField("nomor dokumen Bawaslu", max_length=120, blank=True)
    partner_number = models.CharField("nomor dokumen mitra", max_length=120, blank=True)
    title = models.CharField("judul", max_length=300)
    focus_areas = MultiChoiceField("ruang lingkup", choices=FocusArea.choices)
    signed_on = models.DateField("tanggal penandatanganan", null=True, blank=True)
    start_date = models.DateField("mulai berlaku")
    end_date = models.DateField("berakhir", null=True, blank=True, help_text="Kosongkan bila tanpa batas waktu.")
    parent = models.ForeignKey(
        "self",
        verbose_name="kerja sama induk",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    signatories = models.TextField("penanda tangan", blank=True, max_length=1000)
    is_public = models.BooleanField("dapat dipublikasikan", default=False)
    terminated_on = models.DateField("diakhiri pada", null=True, blank=True)
    termination_reason = models.TextField("alasan pengakhiran", blank=True, max_length=1000)
    renewal_of = models.ForeignKey(
        "self",
        verbose_name="perpanjangan dari",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="agreements"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    history = RecordHistory(m2m_fields=[partners], excluded_fields=["import_batch"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "kerja sama"
        verbose_name_plural = "kerja sama"
        constraints = [
            EndNotBeforeStart(
                start="start_date",
                end="end_date",
                end_optional=True,
                name="agreement_end_not_before_start",
                violation_error_message="Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "verification_status", "start_date"]),
            # API pages and the changes feed walk (updated_at, id), for one office (staff) or all of them.
            models.Index(fields=["updated_at", "id"], name="agreement_updated_id_idx"),
            models.Index(fields=["office", "updated_at", "id"], name="agreement_office_updated_idx"),
            # The verifier's office overview: when each office last recorded anything (queue, province home).
            models.Index(fields=["office", "created_at"], name="agreement_office_created_idx"),
            # What the verifier verified in the undo window (the queue page), newest first.
            models.Index(fields=["verified_by", "verified_at"], name="agreement_verifier_at_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_in_force(self, day: dt.date) -> bool:
        """THE in-force rule for one agreement; `in_force_on` (agencies/querysets.py) is the same in SQL."""
        return (
            self.start_date <= day
            and (self.end_date is None or day <= self.end_date)
            and (self.terminated_on is None or (day < self.terminated_on and self.start_date < self.terminated_on))
        )

    def status(self, today: dt.date | None = None) -> str:
        """Derived status; the queryset's `with_status` computes the same in SQL. Active or expiring means in
        force today; an agreement terminated on its start date is never in force, so it shows as terminated."""
        today = today or timezone.localdate()
        if self.terminated_on and (self.terminated_on <= today or self.terminated_on <= self.start_date):
            return AgreementStatus.TERMINATED
        if self.start_date > today:
            return AgreementStatus.NOT_YET_VALID
        if not self.is_in_force(today):
            return AgreementStatus.EXPIRED
        if self.end_date is not None and self.end_date <= today + dt.timedelta(days=expiring_soon_days()):
            return AgreementStatus.EXPIRING
        return AgreementStatus.ACTIVE

    def get_status_display(self, today: dt.date | None = None) -> str:
        return AgreementStatus(self.status(today)).label

    def renewal_defaults(self) -> dict:
        """Form values of the agreement that renews this one: the same document, starting the day after this one
        ends and lasting as long (numbers and signing date left for the new document)."""
        start = (self.end_date or timezone.localdate()) + dt.timedelta(days=1)
        end = None
        if self.end_date:
            years = self.end_date.year - self.start_date.year
            whole_years = years > 0 and _add_years(self.start_date, years) == self.end_date
            end = _add_years(start, years) if whole_years else start + (self.end_date - self.start_date)
        return {
            "kind": self.kind,
            "title": self.title,
            "partners": [p.pk for p in self.partners.all()],
            "focus_areas": self.focus_areas,
            "parent": self.parent_id,
            "signatories": self.signatories,
            "is_public": self.is_public,
            "start_date": start,
            "end_date": end,
        }

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."
        if self.terminated_on and self.start_date and self.terminated_on < self.start_date:
            errors["terminated_on"] = "Tanggal pengakhiran tidak boleh sebelum tanggal mulai berlaku."
        if self.terminated_on and not self.termination_reason.strip():
            errors["termination_reason"] = "Alasan pengakhiran wajib diisi."
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = "Kerja sama tidak boleh menjadi induk bagi dirinya sendiri."
        if errors:
            raise ValidationError(errors)


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Activity(TimeStamped, Versioned, Verifiable, Budgeted):
    """A Hubal activity (kegiatan) held by one office with its partners."""

    record_kind = "activity"
    default_evidence_kind = EvidenceKind.PHOTO

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="activities")
    title = models.CharField("nama kegiatan", max_length=300)
    kind = models.CharField("jenis kegiatan", max_length=20, choices=ActivityKind.choices)
    start_date = models.DateField("tanggal mulai")
    end_date = models.DateField("tanggal selesai")
    location = models.CharField("tempat", max_length=200, blank=True)
    partners = models.ManyToManyField(Partner, verbose_name="lembaga mitra", related_name="activities")
    agreement = models.ForeignKey(
        Agreement,
        verbose_name="kerja sama terkait",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    focus_areas = MultiChoiceField("ruang lingkup", choices=FocusArea.choices)
    stage = models.CharField("tahapan", max_length=20, choices=ElectionStage.choices)
    ikp_dimensions = MultiChoiceField("dimensi IKP yang disasar", choices=IkpDimension.choices)
    participants_male = models.PositiveIntegerField("peserta laki-laki", default=0)
    participants_female = models.PositiveIntegerField("peserta perempuan", default=0)
    description = models.TextField("uraian kegiatan", blank=True, max_length=5000)
    outcome = models.TextField("hasil kegiatan", blank=True, max_length=5000)
    follow_up = models.TextField("tindak lanjut", blank=True, max_length=5000)
    reports_received = models.PositiveIntegerField(
        "laporan/informasi awal dari mitra",
        default=0,
        help_text="Jumlah laporan dugaan pelanggaran atau informasi awal yang diteruskan mitra.",
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    history = RecordHistory(m2m_fields=[partners], excluded_fields=["import_batch"])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "-id"]
        verbose_name = "kegiatan"
        verbose_name_plural = "kegiatan"
        constraints = [
            EndNotBeforeStart(
                start="start_date",
                end="end_date",
                name="activity_end_not_before_start",
                violation_error_message="Tanggal selesai tidak boleh sebelum tanggal mulai.",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "verification_status", "end_date"]),
            # The activity lists show the newest first, for one office (staff) or the whole province.
            models.Index(fields=["office", "end_date", "id"], name="activity_office_end_id_idx"),
            models.Index(fields=["end_date", "id"], name="activity_end_id_idx"),
            # API pages and the changes feed walk (updated_at, id), for one office (staff) or all of them.
            models.Index(fields=["updated_at", "id"], name="activity_updated_id_idx"),
            models.Index(fields=["office", "updated_at", "id"], name="activity_office_updated_idx"),
            # The verifier's office overview: when each office last recorded anything (queue, province home);
            # without it PostgreSQL walked the created_at index backwards past every other office's rows
            # (2 ms per office, 60 ms of the queue page at scale 10).
            models.Index(fields=["office", "created_at"], name="activity_office_created_idx"),
            # What the verifier verified in the undo window (the queue page), newest first: without it the
            # verifier's thousands of verified activities were read and sorted (18 ms at scale 10).
            models.Index(fields=["verified_by", "verified_at"], name="activity_verifier_at_idx"),
            # The report figures (ranking, IKP, coverage, LAKIP) count the verified activities ending in a period.
            # With every column they read in the index, PostgreSQL answers from it alone (an index-only scan of
            # 5 MB at scale 10 where a sequential scan read the 40 MB table, descriptions and all, for each
            # figure). The end date leads: with the state first, the queue's per-office count of submitted
            # activities preferred this index to (office, state, end date) and ran twice as long. SQLite has no
            # INCLUDE and builds the plain (end date, state) index.
            models.Index(
                fields=["end_date", "verification_status"],
                include=[
                    *("id", "office", "start_date", "created_at", "reports_received"),
                    *("budget_ceiling", "budget_spent", "ikp_dimensions"),
                ],
                name="activity_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants_total(self) -> int:
        return self.participants_male + self.participants_female

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
        if is_in_future(self.end_date):
            errors["end_date"] = MSG_NOT_IN_FUTURE
        if self._foreign_agreement():
            errors["agreement"] = "Kerja sama terkait harus milik kantor ini atau kerja sama provinsi."
        if errors:
            raise ValidationError(errors)

    def _foreign_agreement(self) -> bool:
        """An activity may only cite its own office's agreements or the province's (e.g. national MoUs)."""
        if not (self.agreement_id and self.office_id):
            return False
        try:
            agreement = self.agreement
        except Agreement.DoesNotExist:
            return False  # a key to no agreement: clean_fields() reports it
        return agreement.office_id != self.office_id and not agreement.office.is_province


RECORD_MODELS: dict[str, type[Agreement] | type[Activity]] = {
    model.record_kind: model for model in (Agreement, Activity)
}


def record_model(kind: str) -> type[Agreement] | type[Activity] | None:
    """The model of a record kind ("agreement" or "activity"); None for anything else."""
    return RECORD_MODELS.get(kind)
