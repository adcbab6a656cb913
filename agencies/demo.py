"""Deterministic demo data for all 27 regency/city offices (used by `manage.py seed_demo`).

Everything is drawn from one `random.Random(seed)` in a fixed order and inserted in bulk, so the same
seed on the same day gives the same database, and `--scale 10` stays within a few minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import demo_rows
from .choices import (
    ActivityKind,
    AgreementKind,
    ElectionStage,
    FocusArea,
    IkpDimension,
    PartnerLevel,
    Role,
)
from .choices import (
    PartnerCategory as C,
)
from .choices import (
    VerificationStatus as V,
)
from .demo_catalogue import (
    LOCAL_TEMPLATES,
    NATIONAL_PARTNERS,
    PLACES,
    PROVINCE_PARTNERS,
    TOPICS,
    UNIVERSITIES,
)
from .models import Activity, Agreement, Evidence, Office, Partner, User, normalise_name

DEMO_PASSWORD = "hubal-demo"  # noqa: S105 - published demo password, refused in production


@dataclass
class DemoResult:
    created: bool
    counts: dict = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)


def ensure_accounts() -> list[tuple[str, str]]:
    """Demo accounts (one hashed password for all, computed once to stay fast)."""
    password = make_password(DEMO_PASSWORD, salt="hubaldemo")
    province = Office.objects.province()
    specs = [
        ("admin", "Administrator TI", province, "", True),
        ("verifikator", "Verifikator Provinsi", province, Role.VERIFIER, False),
        ("pimpinan", "Pimpinan Bawaslu Jabar", province, Role.LEADER, False),
    ]
    for office in Office.objects.regencies_and_cities():
        specs.append((f"staf-{office.compact_code}", f"Staf Hubal {office.region_label}", office, Role.STAFF, False))
    accounts = []
    for username, full_name, office, role, superuser in specs:
        first, _, last = full_name.partition(" ")
        User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "office": office,
                "role": role,
                "password": password,
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_active": True,
                "email": f"{username}@demo.jabar.bawaslu.go.id",
            },
        )
        accounts.append((username, f"{office.name} · {Role(role).label if role else 'Administrator'}"))
    return accounts


def _demo_files() -> dict[str, str]:
    """Two tiny real files that every demo evidence row points to, so downloads work."""
    from .demo_files import DEMO_PDF, DEMO_PNG

    paths = {"application/pdf": "evidence/demo/contoh-dokumen.pdf", "image/png": "evidence/demo/contoh-foto.png"}
    for content_type, blob in (("application/pdf", DEMO_PDF), ("image/png", DEMO_PNG)):
        if not default_storage.exists(paths[content_type]):
            from django.core.files.base import ContentFile

            default_storage.save(paths[content_type], ContentFile(blob))
    return paths


class DemoBuilder:
    def __init__(self, seed: int, scale: float, today: dt.date):
        self.rng = random.Random(seed)
        self.scale = scale
        self.today = today
        self.window_start = dt.date(today.year - 1, 1, 1)
        self.tz = timezone.get_current_timezone()

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _aware(self, day: dt.date, hour: int = 10) -> dt.datetime:
        """A time on `day`, never in the future (a record of today is not recorded later today)."""
        return min(dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)), tzinfo=self.tz), timezone.now())

    def _state(self, day: dt.date) -> str:
        age = (self.today - day).days
        roll = self.rng.random()
        if age > 60:
            return V.VERIFIED if roll < 0.85 else (V.SUBMITTED if roll < 0.93 else V.DRAFT)
        return [V.DRAFT, V.SUBMITTED, V.RETURNED, V.VERIFIED][min(3, int(roll * 4))]

    def accreditation(self, category: str, *, lapsed: bool) -> dict:
        """Accreditation of a monitoring organisation covering every seeded record (from three years back);
        a lapsed one ended before the records, so the demo shows the warning and the rule at work."""
        if category != C.MONITORING_ORG:
            return {}
        year = self.today.year
        number = f"{self.rng.randint(1, 250)}/PP.02/K1/{year - 3}"
        if lapsed:
            return {"accreditation_number": number, "accredited_from": dt.date(year - 8, 1, 1),
                    "accredited_until": dt.date(year - 4, 12, 31)}  # fmt: skip
        return {"accreditation_number": number, "accredited_from": dt.date(year - 3, 1, 1),
                "accredited_until": dt.date(year + 2, 12, 31)}  # fmt: skip

    def partners(self, offices: list[Office], province: Office) -> dict[int, list[Partner]]:
        rows = []
        for name, acronym, cat in NATIONAL_PARTNERS:
            rows.append(
                Partner(
                    name=name,
                    acronym=acronym,
                    category=cat,
                    level=PartnerLevel.NATIONAL,
                    registered_by=province,
                    **self.accreditation(cat, lapsed=False),
                )
            )
        for name, acronym, cat in PROVINCE_PARTNERS:
            rows.append(
                Partner(
                    name=name,
                    acronym=acronym,
                    category=cat,
                    level=PartnerLevel.PROVINCIAL,
                    home_office=province,
                    registered_by=province,
                )
            )
        for index, office in enumerate(offices):
            rows.append(
                Partner(
                    name=UNIVERSITIES[index % len(UNIVERSITIES)]
                    + ("" if index < len(UNIVERSITIES) else f" {office.region_name}"),
                    acronym="",
                    category=C.UNIVERSITY,
                    level=PartnerLevel.LOCAL,
                    home_office=office,
                    registered_by=office,
                )
            )
            for template, acronym, cat in LOCAL_TEMPLATES:
                if self.rng.random() < 0.2:
                    continue
                name = template.format(r=office.region_label)
                rows.append(
                    Partner(
                        name=name,
                        acronym=f"{acronym} {office.region_name}",
                        category=cat,
                        level=PartnerLevel.LOCAL,
                        home_office=office,
                        registered_by=office,
                        phone=f"0{self.rng.randint(21, 267)}-{self.rng.randint(100000, 999999)}",
                        contact_name=self.rng.choice(
                            ["Asep", "Dedi", "Euis", "Ujang", "Siti", "Rina", "Yusuf", "Nining"]
                        )
                        + " "
                        + self.rng.choice(["Suryana", "Hidayat", "Rahmawati", "Permana", "Nurhayati", "Saputra"]),
                        **self.accreditation(cat, lapsed=self.rng.random() < 0.15),
                    )
                )
        for partner in rows:
            partner.name_key = normalise_name(partner.name)
        created = bulk_create_with_history(rows, Partner, batch_size=500)
        by_office: dict[int, list[Partner]] = {}
        shared = [p for p in created if p.home_office_id in (None, province.pk)]
        for partner in created:
            if partner.home_office_id and partner.home_office_id != province.pk:
                by_office.setdefault(partner.home_office_id, []).append(partner)
        for office in offices:
            by_office[office.pk] = by_office.get(office.pk, []) + shared
        by_office["shared"] = shared
        return by_office

    def national_mous(self, province: Office, shared: list[Partner]) -> list[Agreement]:
        national = [p for p in shared if p.level == PartnerLevel.NATIONAL][:3]
        rows = []
        for index, partner in enumerate(national):
            start = dt.date(self.today.year - 3, 3 + index, 1)
            rows.append(
                Agreement(
                    office=province,
                    kind=AgreementKind.MOU,
                    title=f"Nota Kesepahaman Bawaslu dengan {partner.name} tentang pengawasan pemilu",
                    number=f"{index + 1:02d}/NK/K1/{start.year}",
                    partner_number=f"NK/{index + 7}/{start.year}",
                    focus_areas=[FocusArea.PREVENTION, FocusArea.HANDLING],
                    signed_on=start,
                    start_date=start,
                    end_date=start.replace(year=start.year + 5),
                    signatories="Ketua Bawaslu RI",
                    is_public=True,
                    verification_status=V.VERIFIED,
                    created_at=self._aware(start),
                )
            )
        created = bulk_create_with_history(rows, Agreement)
        Agreement.partners.through.objects.bulk_create(
            Agreement.partners.through(agreement_id=a.pk, partner_id=p.pk)
            for a, p in zip(created, national, strict=True)
        )
        return created

    def agreements(
        self, office: Office, partners: list[Partner], parents: list[Agreement]
    ) -> list[tuple[Agreement, list[Partner]]]:
        out = []
        count = 6 + int(2 * self.scale)
        for index in range(count):
            roll = self.rng.random()
            if roll < 0.2:  # expired
                start = self._date_between(self.window_start - dt.timedelta(days=700), self.window_start)
                end = self._date_between(start + dt.timedelta(days=200), self.today - dt.timedelta(days=5))
            elif roll < 0.4:  # expiring within 90 days
                end = self.today + dt.timedelta(days=self.rng.randint(0, 120))
                start = end - dt.timedelta(days=self.rng.choice([365, 730, 1095]))
            elif roll < 0.9:  # active
                start = self._date_between(self.window_start, self.today)
                end = (
                    None if self.rng.random() < 0.15 else start + dt.timedelta(days=self.rng.choice([730, 1095, 1825]))
                )
            else:  # not yet valid
                start = self.today + dt.timedelta(days=self.rng.randint(5, 60))
                end = start + dt.timedelta(days=730)
            chosen = self.rng.sample(partners, k=min(len(partners), self.rng.choice([1, 1, 1, 2])))
            parent = None
            if parents and chosen[0].category == C.SECURITY and self.rng.random() < 0.7:
                parent = parents[0]
            kind = AgreementKind.PKS if parent or self.rng.random() < 0.5 else AgreementKind.MOU
            topic = self.rng.choice(TOPICS)
            agreement = Agreement(
                office=office,
                kind=kind,
                title=f"{AgreementKind(kind).label.split(' (')[0]} dengan {chosen[0].name} tentang {topic}",
                number=f"{index + 1:03d}/HM.01/K.JB-{office.compact_code[2:]}/{start.year}",
                partner_number=f"{self.rng.randint(10, 999)}/{chosen[0].acronym or 'MITRA'}/{start.year}",
                focus_areas=self.rng.sample(FocusArea.values, k=self.rng.randint(1, 3)),
                signed_on=start,
                start_date=start,
                end_date=end,
                parent=parent,
                signatories=f"Ketua {office.name}; Pimpinan {chosen[0].name}",
                is_public=self.rng.random() < 0.5,
                verification_status=self._state(start),
                created_at=self._aware(min(start, self.today)),
            )
            if roll > 0.97 and start < self.today:
                agreement.terminated_on = self.today - dt.timedelta(days=3)
                agreement.termination_reason = "Diakhiri atas kesepakatan para pihak."
            out.append((agreement, chosen))
        return out

    def activities(
        self, office: Office, partners: list[Partner], agreements: list[Agreement]
    ) -> list[tuple[Activity, list[Partner]]]:
        out = []
        per_year = int(100 * self.scale)
        days = (self.today - self.window_start).days
        total = int(per_year * days / 365)
        stages = ElectionStage.values
        for _ in range(total):
            end = self._date_between(self.window_start, self.today)
            start = end - dt.timedelta(days=self.rng.choice([0, 0, 0, 1, 2]))
            kind = self.rng.choice(ActivityKind.values)
            chosen = self.rng.sample(partners, k=min(len(partners), self.rng.choice([1, 1, 2, 3])))
            agreement = self.rng.choice(agreements) if agreements and self.rng.random() < 0.3 else None
            topic = self.rng.choice(TOPICS)
            delay = self.rng.choice([0, 1, 2, 3, 5, 6, 8, 12, 20])
            recorded = min(end + dt.timedelta(days=delay), self.today)
            out.append(
                (
                    Activity(
                        office=office,
                        title=f"{ActivityKind(kind).label} {topic}",
                        kind=kind,
                        start_date=start,
                        end_date=end,
                        location=f"{self.rng.choice(PLACES)} {office.region_label}",
                        agreement=agreement,
                        focus_areas=self.rng.sample(FocusArea.values, k=self.rng.randint(1, 2)),
                        stage=self.rng.choice(stages),
                        ikp_dimensions=self.rng.sample(IkpDimension.values, k=self.rng.randint(0, 2)),
                        participants_male=self.rng.randint(5, 80),
                        participants_female=self.rng.randint(5, 80),
                        description=f"Kegiatan {topic} bersama {chosen[0].name}.",
                        outcome="Disepakati langkah bersama pencegahan pelanggaran.",
                        follow_up="Koordinasi lanjutan.",
                        reports_received=self.rng.choice([0, 0, 0, 0, 1, 1, 2, 3]),
                        verification_status=self._state(end),
                        created_at=self._aware(recorded),
                    ),
                    chosen,
                )
            )
        return out


@transaction.atomic
def seed(*, seed: int = 2024, scale: float = 1.0, today: dt.date | None = None) -> DemoResult:
    """Create demo data unless records already exist; always (re)create the demo accounts."""
    accounts = ensure_accounts()
    if Activity.objects.exists() or Agreement.objects.exists():
        return DemoResult(created=False, accounts=accounts, counts=_counts())
    builder = DemoBuilder(seed, scale, today or timezone.localdate())
    province = Office.objects.province()
    offices = list(Office.objects.regencies_and_cities().order_by("code"))
    partners = builder.partners(offices, province)
    parents = builder.national_mous(province, partners["shared"])
    agreement_pairs = [pair for office in offices for pair in builder.agreements(office, partners[office.pk], parents)]
    agreements = demo_rows.insert_with_partners(agreement_pairs, Agreement, "agreement_id")
    by_office: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        by_office.setdefault(agreement.office_id, []).append(agreement)
    activity_pairs = [
        pair
        for office in offices
        for pair in builder.activities(office, partners[office.pk], by_office.get(office.pk, []))
    ]
    activities = demo_rows.insert_with_partners(activity_pairs, Activity, "activity_id")
    files = _demo_files()
    evidence = demo_rows.evidence_rows(builder.rng, agreements, "agreement", files, builder.today, builder.tz)
    evidence += demo_rows.evidence_rows(builder.rng, activities, "activity", files, builder.today, builder.tz)
    Evidence.objects.bulk_create(evidence, batch_size=5000)
    demo_rows.verification_trail(builder.rng, agreements, "agreement", builder.tz)
    demo_rows.verification_trail(builder.rng, activities, "activity", builder.tz)
    transaction.on_commit(_analyze)
    return DemoResult(created=True, accounts=accounts, counts=_counts())


def _analyze() -> None:
    """Give PostgreSQL's planner statistics after a bulk load (autovacuum may be slow or off)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _counts() -> dict:
    return {
        "mitra": Partner.objects.count(),
        "kerja sama": Agreement.objects.count(),
        "kegiatan": Activity.objects.count(),
        "bukti": Evidence.objects.count(),
    }
