"""Locust scenario of the load test (run by bench/bench_load.py, headless, loopback only).

Users start signed in (sessions made by bench_load.py; the load-test server runs with HUBAL_MFA_REQUIRED_ROLES
empty: see docs/benchmarks.md), then loop over what they do every day, with think times:
- StaffUser: the activity list, a detail page, then opens one of the office's drafts and saves it back unchanged
  (the whole form, with its version: a real save through the service);
- VerifierUser: works the verification queue: opens it, opens a waiting record, verifies it;
- LeaderUser: opens the ranking, LAKIP (province), IKP and coverage pages;
- ExportUser: now and then a filtered xlsx export of one office's activities;
- CeilingUser: the trivial /loadtest/ping/ view (alone, in its own phase).
Every request is named by page, so the report gives percentiles per page.

The users are FastHttpUsers (geventhttpclient): the load generator shares the two cores with the server it
measures, and Locust's requests-based client cost about 3 ms of CPU per request (15 % of the machine at 100 req/s)
against well under 1 ms for this one.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode

from form_fields import form_fields
from locust import FastHttpUser, between, task

PASSWORD = "hubal-demo"  # noqa: S105 - the public demo password of seed_demo
OFFICES = [f"32{n:02d}" for n in range(1, 19)] + [f"32{n}" for n in range(71, 80)]
YEAR = "2026"
STALE = "telah diubah oleh pengguna lain"  # agencies.services.common.MSG_STALE
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def paced(low: float, high: float):
    """A wait time that starts a task every `low`–`high` seconds (uniform), counted from the start of the last
    one: like Locust's `between`, except that a slow answer does not lower the rate the users offer. With
    `between` the load is a closed loop: an overloaded server makes every user wait longer and so receives
    fewer requests, which hides the overload. Paced, the users offer a fixed rate (see bench_load.USERS) and
    the percentiles show whether the server holds it."""

    def wait_time(user) -> float:
        now = time.monotonic()
        last = getattr(user, "_paced_start", None)  # when the task that just ended started
        # The first wait spreads the users spawned together; then the interval less what the task took.
        wait = random.uniform(0, high) if last is None else max(0.0, random.uniform(low, high) - (now - last))
        user._paced_start = now + wait
        return wait

    return wait_time


def _sessions() -> dict[str, list[str]]:
    path = os.environ.get("LOADTEST_SESSIONS")
    return json.loads(Path(path).read_text()) if path else {}


SESSIONS = _sessions()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _cookie(name: str, value: str) -> Cookie:
    """A cookie of the server on 127.0.0.1, as the browser would hold it after signing in."""
    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, True, None, None, {})


class SignedIn(FastHttpUser):
    """A user already signed in: one of the sessions bench_load.py made for the account (each simulated user
    its own), or, without them, a real sign-in."""

    abstract = True
    username = ""

    def on_start(self):
        if SESSIONS.get(self.username):
            self.client.cookiejar.set_cookie(_cookie("sessionid", SESSIONS[self.username].pop()))
            return
        self.sign_in()

    def sign_in(self):
        page = self.client.get("/masuk/", name="sign-in page")
        token = CSRF.search(page.text).group(1)
        self.post(
            "/masuk/", [("csrfmiddlewaretoken", token), ("username", self.username), ("password", PASSWORD)], "sign-in"
        )

    def page(self, url: str, name: str):
        """GET a page that must answer 200 itself: a redirect (to the sign-in page, say) counts as an error."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
            return response

    def post(self, url: str, fields: list[tuple[str, str]], name: str, **kwargs):
        """POST a form as a browser encodes it (repeated names for multiple choices)."""
        return self.client.post(url, data=urlencode(fields), headers=FORM, name=name, **kwargs)

    def csrf(self, html: str) -> str:
        match = CSRF.search(html)
        if match:
            return match.group(1)
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")


class StaffUser(SignedIn):
    weight = 1  # every user not counted by the fixed counts below
    wait_time = paced(1, 3)  # a task every 2 s on average: 1.125 requests/s per staff user

    def on_start(self):
        self.code = random.choice(OFFICES)
        self.username = f"staf-{self.code}"
        super().on_start()

    @task(3)
    def browse(self):
        page = self.page("/kegiatan/", "activity list")
        ids = re.findall(r'href="/kegiatan/(\d+)/"', page.text)
        if ids:
            self.page(f"/kegiatan/{random.choice(ids)}/", "activity detail")

    @task(1)
    def save_draft(self):
        page = self.page("/kegiatan/?verification=draft", "activity list (drafts)")
        ids = re.findall(r'href="/kegiatan/(\d+)/"', page.text)
        if not ids:
            return
        pk = random.choice(ids)
        form = self.page(f"/kegiatan/{pk}/ubah/", "activity form")
        with self.post(
            f"/kegiatan/{pk}/ubah/",
            form_fields(form.text, "title"),
            "activity save",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code == 302:
                return
            if response.status_code == 200 and STALE in response.text:
                # Two simulated staff of one office saved the same draft at once: the second is told so and
                # nothing is lost (optimistic locking at work, not an error). Reported on a line of its own.
                response.request_meta["name"] = "activity save refused: changed by another user (expected)"
                response.success()
                return
            response.failure(f"save refused: {response.status_code}")


class VerifierUser(SignedIn):
    fixed_count = 2  # the province has a few verifiers; each reads a record before verifying it
    wait_time = between(10, 20)
    username = "verifikator"

    @task
    def work_queue(self):
        queue = self.page("/verifikasi/antrean/", "verification queue")
        waiting = re.findall(r"/verifikasi/(activity|agreement)/(\d+)/verifikasi/", queue.text)
        if not waiting:
            return
        kind, pk = random.choice(waiting)
        path = "/kegiatan" if kind == "activity" else "/kerja-sama"
        detail = self.page(f"{path}/{pk}/", f"{kind} detail (verifier)")
        with self.post(
            f"/verifikasi/{kind}/{pk}/verifikasi/",
            [("csrfmiddlewaretoken", self.csrf(detail.text))],
            "verify",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"verify refused: {response.status_code}")


class LeaderUser(SignedIn):
    fixed_count = 3
    wait_time = paced(1, 3)
    username = "pimpinan"

    @task
    def reports(self):
        self.page(f"/laporan/peringkat/?year={YEAR}", "ranking")
        self.page(f"/laporan/kinerja/?year={YEAR}&office=32", "LAKIP")
        self.page(f"/laporan/ikp/?year={YEAR}", "IKP")
        self.page(f"/laporan/sebaran/?year={YEAR}", "coverage")


class ExportUser(SignedIn):
    fixed_count = 1
    wait_time = between(8, 15)
    username = "verifikator"

    @task
    def export(self):
        office = random.choice(OFFICES)
        code = f"{office[:2]}.{office[2:]}"
        self.page(
            f"/laporan/ekspor/activities/?format=xlsx&office={code}&year={YEAR}&verification=verified",
            "activities export (xlsx)",
        )


class SignInUser(SignedIn):
    """Signs in now and then (the password hash is deliberately slow): measured beside the report pages. Not as
    pimpinan: the first sign-in re-hashes the demo password with Django's current iterations, which ends that
    account's other sessions (their hash changes)."""

    fixed_count = 1
    wait_time = between(5, 8)
    username = "verifikator"

    def on_start(self):
        pass

    @task
    def sign_in_again(self):
        self.client.cookiejar.clear()
        self.sign_in()


class CeilingUser(FastHttpUser):
    wait_time = between(0, 0)

    @task
    def ping(self):
        self.client.get("/loadtest/ping/", name="trivial view (ceiling)")
