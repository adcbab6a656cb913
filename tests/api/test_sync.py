"""Sync correctness: a mirroring client that bootstraps from the list endpoints and then follows
/api/v1/changes/ (updated_since, then cursor pages) while records are created, changed and deleted between
its pages, including writes that become visible late, ends with exactly the server's data (full sets compared).

A late write is one stamped before the client's read but committed after it: it is simulated by stamping a
change 30 seconds in the past, the time a slow transaction would take to commit.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db.models import F
from django.utils import timezone

from agencies.choices import ActivityKind, ElectionStage
from agencies.models import Activity, Agreement, Evidence, Partner
from agencies.services import (
    activity_create,
    activity_delete,
    activity_update,
    agreement_delete,
    agreement_update,
    evidence_delete,
    partner_create,
    partner_delete,
    partner_update,
)
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory, office

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CHANGES = "/api/v1/changes/"
LISTS = {"activity": "activities", "agreement": "agreements", "evidence": "evidence", "partner": "partners"}
LAG = dt.timedelta(seconds=120)
LATE = dt.timedelta(seconds=30)  # how long a slow transaction takes to commit


class Mirror:
    """The partner system: a dict (type, id) → row, kept by the documented loop (docs/dev/api-sync.md)."""

    def __init__(self, client, between_pages=lambda: None):
        self.client, self.between_pages = client, between_pages
        self.rows: dict[tuple[str, int], dict] = {}
        self.resume: str | None = None

    def bootstrap(self) -> None:
        """Full load from the list endpoints; the feed then starts one lag before the load began."""
        started = timezone.now()
        for type_, path in LISTS.items():
            for row in self._pages(f"/api/v1/{path}/", {"page_size": 3}):
                self.rows[(type_, row["id"])] = row
        self.since = (started - LAG).isoformat()

    def sync(self) -> None:
        params = {"cursor": self.resume} if self.resume else {"updated_since": self.since}
        url, params = CHANGES, {**params, "page_size": 3}
        while url:
            page = self.client.get(url, params).json()
            for change in page["results"]:
                key = (change["type"], change["id"])
                if change["action"] == "deleted":
                    self.rows.pop(key, None)
                else:
                    self.rows[key] = change["data"]
            self.resume, url, params = page["resume"], page["next"], None
            self.between_pages()

    def _pages(self, url, params):
        while url:
            page = self.client.get(url, params).json()
            yield from page["results"]
            url, params = page["next"], None
            self.between_pages()


def server_rows(client) -> dict[tuple[str, int], dict]:
    """What the token may see now, read whole from the list endpoints."""
    rows = {}
    for type_, path in LISTS.items():
        url, params = f"/api/v1/{path}/", {"page_size": 500}
        while url:
            page = client.get(url, params).json()
            rows.update({(type_, row["id"]): row for row in page["results"]})
            url, params = page["next"], None
    return rows


# Creates weigh twice, so that the data grows while everything else happens too.
ACTIONS = [
    *["activity+", "agreement+", "evidence+", "partner+"] * 2,
    *["activity~", "agreement~", "partner~", "activity-", "agreement-", "evidence-", "partner-", "late"],
]


class Writer:
    """Random writes through the services (office A and office B), the clock moving a few seconds each."""

    def __init__(self, rng: random.Random, clock, staff_a, staff_b):
        self.rng, self.clock, self.staff = rng, clock, {"32.76": staff_a, "32.01": staff_b}
        self.late_writes = 0

    def step(self) -> None:
        self.clock.shift(dt.timedelta(seconds=self.rng.randint(1, 9)))
        code = self.rng.choice(["32.76", "32.76", "32.01"])
        user = self.staff[code]
        action = self.rng.choice(ACTIONS)
        getattr(self, "_" + {"+": "create", "~": "change", "-": "delete"}.get(action[-1], "late"))(
            action.rstrip("+~-"), code, user
        )

    def _create(self, kind, code, user):
        if kind == "activity":
            day = timezone.localdate() - dt.timedelta(days=3)
            data = {
                "title": "Rapat",
                "kind": ActivityKind.COORDINATION,
                "start_date": day,
                "end_date": day,
                "stage": ElectionStage.CAMPAIGN,
                "focus_areas": ["prevention"],
            }
            activity_create(user=user, office=office(code), data=data, partners=[self._partner()])
        elif kind == "agreement":
            AgreementFactory(office=office(code), partners=[self._partner()])
        elif kind == "evidence":
            activity = self._pick(Activity.objects.filter(office__code=code))
            if activity:
                EvidenceFactory(activity=activity)
        else:
            partner_create(user=user, data={"name": f"Mitra {self.rng.random()}", "category": "university"})

    def _change(self, kind, code, user):
        model = {"activity": Activity, "agreement": Agreement, "partner": Partner}.get(kind)
        qs = model.objects.filter(**({"registered_by__code": code} if kind == "partner" else {"office__code": code}))
        record = self._pick(qs) if model else None
        title = f"Diubah {self.rng.random():.6f}"
        if kind == "activity" and record:
            activity_update(user=user, activity=record, data={"title": title})
        elif kind == "agreement" and record:
            agreement_update(user=user, agreement=record, data={"title": title})
        elif kind == "partner" and record:
            partner_update(user=user, partner=record, data={"contact_name": title})

    def _delete(self, kind, code, user):
        if kind == "activity" and (record := self._pick(Activity.objects.filter(office__code=code))):
            activity_delete(user=user, activity=record)
        elif kind == "agreement" and (record := self._pick(Agreement.objects.filter(office__code=code))):
            agreement_delete(user=user, agreement=record)
        elif kind == "evidence" and (record := self._pick(Evidence.objects.filter(office__code=code))):
            evidence_delete(user=user, evidence=record)
        elif kind == "partner":
            unused = Partner.objects.filter(registered_by__code=code, agreements=None, activities=None)
            if record := self._pick(unused):
                partner_delete(user=user, partner=record)

    def _late(self, kind, code, user):
        """A change stamped LATE ago that only now becomes visible (its transaction committed late)."""
        record = self._pick(Activity.objects.filter(office__code=code))
        if record:
            Activity.objects.filter(pk=record.pk).update(
                title=f"Terlambat {self.rng.random():.6f}", updated_at=timezone.now() - LATE, version=F("version") + 1
            )
            self.late_writes += 1

    def _partner(self) -> Partner:
        return self._pick(Partner.objects.all()) or PartnerFactory()

    def _pick(self, qs):
        """A random row of `qs`, from the seeded generator (the database's random order is not seeded)."""
        pks = sorted(qs.values_list("pk", flat=True))
        return qs.model.objects.get(pk=self.rng.choice(pks)) if pks else None


def _seed():
    for code in ("32.76", "32.76", "32.01"):
        activity = ActivityFactory(office=office(code), agreement=AgreementFactory(office=office(code)))
        EvidenceFactory(activity=activity)


@pytest.mark.parametrize("seed", [7, 2026])
def test_mirror_ends_with_exactly_the_servers_data(issue, office_a, staff_a, staff_b, clock, seed):
    _, client = issue(office_a)
    _seed()
    writer = Writer(random.Random(seed), clock, staff_a, staff_b)
    mirror = Mirror(client, between_pages=lambda: [writer.step() for _ in range(writer.rng.randint(0, 2))])
    mirror.bootstrap()
    for round_ in range(12):  # syncs while the writes go on, every page followed by 0–2 writes
        mirror.sync()
        writer.step()
        if round_ % 4 == 1:
            writer._late("activity", "32.76", staff_a)
    assert writer.late_writes > 0
    mirror.between_pages = lambda: None
    clock.shift(LAG + dt.timedelta(seconds=1))  # writes stop; everything is past the horizon
    mirror.sync()
    server = server_rows(client)
    assert len(server) >= 8
    assert mirror.rows.keys() == server.keys()
    assert mirror.rows == server


@pytest.mark.parametrize(("lag_seconds", "caught"), [(120, True), (0, False)])
def test_a_late_commit_is_caught_only_thanks_to_the_horizon(settings, issue, office_a, clock, lag_seconds, caught):
    """Transaction A stamps a change, transaction B stamps one 20 s later and commits first, the client reads,
    then A commits. With the documented lag B is not served yet, so the client's position stays before A's
    change; without it (the control) the client moves past A's stamp and loses A's change."""
    settings.HUBAL_SYNC_LAG_SECONDS = lag_seconds
    _, client = issue(office_a)
    activity = ActivityFactory()
    clock.shift(dt.timedelta(minutes=10))
    ActivityFactory(partners=activity.partners.all())  # B, stamped 10 s before the read
    clock.shift(dt.timedelta(seconds=10))
    mirror = Mirror(client)
    mirror.since = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    mirror.sync()
    Activity.objects.filter(pk=activity.pk).update(title="Terlambat", updated_at=timezone.now() - LATE)  # A
    clock.shift(dt.timedelta(minutes=10))
    mirror.sync()
    assert (mirror.rows[("activity", activity.pk)]["title"] == "Terlambat") is caught
