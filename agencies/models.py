"""Data model of the Hubal portal: offices, users, partners, agreements, activities, evidence."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import (
    ActivityKind,
    AgreementKind,
    AgreementStatus,
    ElectionStage,
    EvidenceKind,
    FocusArea,
    IkpDimension,
    OfficeKind,
    PartnerCategory,
    PartnerLevel,
    Role,
    VerificationAction,
    VerificationStatus,
)
from .fields import MultiChoiceField
from .querysets import ActivityQuerySet, AgreementQuerySet, EvidenceQuerySet

PROVINCE_CODE = "32"


class TimeStamped(models.Model):
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        abstract = True


class Office(TimeStamped):
    """One of the 28 Bawaslu offices in West Java, keyed by its Kemendagri region code."""

    code = models.CharField("kode wilayah", max_length=5, unique=True)
    kind = models.CharField("jenis", max_length=10, choices=OfficeKind.choices)
    region_name = models.CharField("nama wilayah", max_length=60)
    name = models.CharField("nama kantor", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="induk", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "kantor Bawaslu"
        verbose_name_plural = "kantor Bawaslu"

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind == OfficeKind.PROVINCE

    @property
    def region_label(self) -> str:
        """'Kota Bogor', 'Kabupaten Bogor', 'Provinsi Jawa Barat': never the bare, ambiguous name."""
        return f"{self.get_kind_display()} {self.region_name}"

    @property
    def compact_code(self) -> str:
        return self.code.replace(".", "")


class User(AbstractUser):
    """A portal user: belongs to one office and has one role."""

    office = models.ForeignKey(
        Office, verbose_name="kantor", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField("peran", max_length=10, choices=Role.choices, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.STAFF and self.office_id is None:
            raise ValidationError({"office": "Staf wajib terhubung ke satu kantor."})
        if self.role in (Role.VERIFIER, Role.LEADER) and self.office_id and self.office.code != PROVINCE_CODE:
            raise ValidationError({"office": "Verifikator dan pimpinan berada di kantor provinsi."})


_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Key that makes 'Universitas  Padjadjaran.' and 'universitas padjadjaran' the same institution."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCTUATION.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


class Versioned(models.Model):
    """Optimistic locking: every save through a service bumps `version`; a stale form is refused."""

    version = models.PositiveIntegerField("versi", default=1, editable=False)

    class Meta:
        abstract = True


class Partner(TimeStamped, Versioned):
    """A partner institution (lembaga mitra) in the province-wide shared directory."""

    name = models.CharField("nama lembaga", max_length=200)
    name_key = models.CharField("kunci nama", max_length=200, unique=True, editable=False)
    acronym = models.CharField("singkatan", max_length=40, blank=True)
    category = models.CharField("kategori", max_length=20, choices=PartnerCategory.choices)
    level = models.CharField("tingkat", max_length=12, choices=PartnerLevel.choices, default=PartnerLevel.LOCAL)
    home_office = models.ForeignKey(
        Office, verbose_name="wilayah", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.TextField("alamat", blank=True, max_length=500)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("situs web", blank=True)
    contact_name = models.CharField("narahubung", max_length=120, blank=True)
    contact_position = models.CharField("jabatan narahubung", max_length=120, blank=True)
    contact_phone = models.CharField("telepon narahubung", max_length=40, blank=True)
    accreditation_number = models.CharField("nomor akreditasi pemantau", max_length=80, blank=True)
    affiliation_note = models.TextField(
        "catatan afiliasi politik", blank=True, max_length=1000, help_text="Hasil penelusuran netralitas lembaga."
    )
    registered_by = models.ForeignKey(
        Office, verbose_name="didaftarkan oleh", on_delete=models.PROTECT, related_name="registered_partners"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "lembaga mitra"
        verbose_name_plural = "lembaga mitra"

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.name_key = normalise_name(self.name)
        if not self.name_key:
            raise ValidationError({"name": "Nama lembaga wajib diisi."})
        clash = Partner.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
        if clash:
            raise ValidationError(
                {
                    "name": f"Lembaga ini sudah terdaftar sebagai “{clash.name}” (didaftarkan oleh {clash.registered_by})."
                }
            )
        if self.accreditation_number and self.category != PartnerCategory.MONITORING_ORG:
            raise ValidationError({"accreditation_number": "Nomor akreditasi hanya untuk lembaga pemantau pemilu."})

    @property
    def is_monitoring_org(self) -> bool:
        return self.category == PartnerCategory.MONITORING_ORG


class Verifiable(models.Model):
    """Tiered-verification state: draft → submitted → verified, or → returned with a note."""

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


class Agreement(TimeStamped, Versioned, Verifiable):
    """A cooperation agreement (MoU, PKS …) of one office with one or more partners."""

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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[partners])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "kerja sama"
        verbose_name_plural = "kerja sama"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agreement_end_not_before_start",
                violation_error_message="Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.",
            ),
        ]
        indexes = [models.Index(fields=["office", "verification_status", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def status(self, today: dt.date | None = None) -> str:
        """Derived status; the queryset's `with_status` computes the same in SQL."""
        today = today or timezone.localdate()
        if self.terminated_on and self.terminated_on <= today:
            return AgreementStatus.TERMINATED
        if self.start_date > today:
            return AgreementStatus.NOT_YET_VALID
        if self.end_date is None:
            return AgreementStatus.ACTIVE
        if self.end_date < today:
            return AgreementStatus.EXPIRED
        if self.end_date <= today + dt.timedelta(days=settings.HUBAL_EXPIRING_DAYS):
            return AgreementStatus.EXPIRING
        return AgreementStatus.ACTIVE

    def get_status_display(self, today: dt.date | None = None) -> str:
        return AgreementStatus(self.status(today)).label

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


class Activity(TimeStamped, Versioned, Verifiable):
    """A Hubal activity (kegiatan) held by one office with its partners."""

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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[partners])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "-id"]
        verbose_name = "kegiatan"
        verbose_name_plural = "kegiatan"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="activity_end_not_before_start",
                violation_error_message="Tanggal selesai tidak boleh sebelum tanggal mulai.",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "verification_status", "end_date"]),
            # The activity lists show the newest first, for one office (staff) or the whole province.
            models.Index(fields=["office", "end_date", "id"], name="activity_office_end_id_idx"),
            models.Index(fields=["end_date", "id"], name="activity_end_id_idx"),
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
        if self.end_date and self.end_date > timezone.localdate():
            errors["end_date"] = "Kegiatan yang dilaporkan harus sudah terlaksana (tanggal tidak boleh di masa depan)."
        if self._foreign_agreement():
            errors["agreement"] = "Kerja sama terkait harus milik kantor ini atau kerja sama provinsi."
        if errors:
            raise ValidationError(errors)

    def _foreign_agreement(self) -> bool:
        """An activity may only cite its own office's agreements or the province's (e.g. national MoUs)."""
        if not (self.agreement_id and self.office_id) or self.agreement.office_id == self.office_id:
            return False
        return not self.agreement.office.is_province


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Random stored name: the original name is kept only as data, never as a path."""
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    if instance.content_type.endswith("wordprocessingml.document"):
        ext = "docx"
    elif instance.content_type.endswith("spreadsheetml.sheet"):
        ext = "xlsx"
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """An evidence file (bukti) attached to exactly one agreement or one activity."""

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="evidence")
    agreement = models.ForeignKey(
        Agreement, verbose_name="kerja sama", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    activity = models.ForeignKey(
        Activity, verbose_name="kegiatan", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField("jenis bukti", max_length=20, choices=EvidenceKind.choices)
    file = models.FileField("berkas", upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("nama berkas asli", max_length=255)
    size = models.PositiveBigIntegerField("ukuran (byte)")
    content_type = models.CharField("jenis isi", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="diunggah oleh", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("diunggah pada", default=timezone.now)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "bukti"
        verbose_name_plural = "bukti"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agreement__isnull=False, activity__isnull=True)
                    | Q(agreement__isnull=True, activity__isnull=False)
                ),
                name="evidence_exactly_one_parent",
                violation_error_message="Bukti harus melekat pada tepat satu kerja sama atau satu kegiatan.",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def parent(self) -> Agreement | Activity:
        return self.agreement or self.activity

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


class VerificationEvent(models.Model):
    """The verification trail of an agreement or activity: who submitted, verified or returned it, when."""

    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="verification_events"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="verification_events"
    )
    action = models.CharField("tindakan", max_length=10, choices=VerificationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="oleh", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField("waktu", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "jejak verifikasi"
        verbose_name_plural = "jejak verifikasi"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agreement__isnull=False, activity__isnull=True)
                    | Q(agreement__isnull=True, activity__isnull=False)
                ),
                name="verification_event_exactly_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.created_at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """One expiry reminder e-mailed for one agreement at one threshold (180/90/30 days): never sent twice."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders_sent")
    threshold_days = models.PositiveSmallIntegerField("ambang (hari)")
    end_date = models.DateField("tanggal berakhir saat dikirim")
    recipients = models.TextField("penerima", blank=True)
    sent_at = models.DateTimeField("dikirim pada", default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "pengingat terkirim"
        verbose_name_plural = "pengingat terkirim"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "threshold_days", "end_date"], name="reminder_once_per_agreement_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.threshold_days} hari"
