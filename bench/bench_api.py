"""The integration API on the scale-10 demo data (`python bench/run.py --only api --scale 10`).

- Pages of the list endpoints and of the changes feed, for a staff token (Kota Depok) and a province token:
  median and p95 server time of a page (100 rows, the default), over the first page repeated and a walk of the
  following pages through `next`.
- A full sync of every activity through cursor pages of 500 (the maximum), from the list endpoint and from
  the changes feed: total time, rows/s and the p95 of a page. Goal: 50,000 activities in <= 60 s.
- Side by side, in the same run: the web activity list of the verifier (25 rows a page), the same rows as HTML.
Requests run in-process (server time, no network), as bench_lists.py.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from harness import Context, Result, client_for

AREA = "api"
GOAL_MS = 150
GOAL_SYNC_S = 60
WALK_PAGES = 10
WEB_PAGES = 20


def _token_client(office_code: str):
    from django.utils import timezone
    from rest_framework.test import APIClient

    from agencies.models import Office, User
    from api.tokens.services import api_token_create

    issued = api_token_create(
        user=User.objects.get(username="verifikator"),
        name=f"Bench {office_code}",
        office=Office.objects.get(code=office_code),
        can_write=False,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    return client


def _timed(client, url: str, params=None):
    started = time.perf_counter()
    response = client.get(url, params)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return seconds, response


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def _page_times(ctx: Context, client, url: str) -> list[float]:
    """The first page `ctx.repeat` times (after a warm-up), then WALK_PAGES pages following `next`."""
    _timed(client, url)
    times = [_timed(client, url)[0] for _ in range(ctx.repeat)]
    next_url = _timed(client, url)[1].json().get("next")
    for _ in range(WALK_PAGES):
        if not next_url:
            break
        seconds, response = _timed(client, next_url)
        times.append(seconds)
        next_url = response.json().get("next")
    return times


def _page_results(name: str, times: list[float], url: str) -> list[Result]:
    return [
        Result(AREA, f"{name} (median)", statistics.median(times) * 1000, "ms", f"<= {GOAL_MS} ms", {"url": url}),
        Result(AREA, f"{name} (p95)", _p95(times) * 1000, "ms", f"<= {GOAL_MS} ms"),
    ]


def _full_sync(client, url: str, params: dict, key: str = "results") -> tuple[float, int, list[float]]:
    """Every page through `next`: (seconds, rows, page times)."""
    total, rows, times, next_url = 0.0, 0, [], None
    seconds, response = _timed(client, url, params)
    while True:
        body = response.json()
        total, rows = total + seconds, rows + len(body[key])
        times.append(seconds)
        next_url = body.get("next")
        if not next_url:
            if not rows:
                raise RuntimeError(f"{url} returned no rows: the benchmark would measure an empty feed")
            return total, rows, times
        seconds, response = _timed(client, next_url)


def _sync_results(name: str, seconds: float, rows: int, times: list[float]) -> list[Result]:
    per_50k = seconds / rows * 50_000 if rows else 0
    return [
        Result(AREA, f"{name}: rows/s", rows / seconds if seconds else 0, "rows/s", f">= {50_000 / GOAL_SYNC_S:.0f}"),
        Result(AREA, f"{name}: total", seconds, "s", f"{rows} rows"),
        Result(AREA, f"{name}: time for 50,000 rows", per_50k, "s", f"<= {GOAL_SYNC_S} s"),
        Result(AREA, f"{name}: page of 500 (p95)", _p95(times) * 1000, "ms"),
    ]


def _web_client(username: str):
    """A signed-in session that has passed the two-step sign-in (the verifier must use it), as in the tests."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(username)
    device, _ = TOTPDevice.objects.get_or_create(user_id=client.session["_auth_user_id"], name="Bench")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _web_list(verifier) -> list[Result]:
    from django.urls import reverse

    url = reverse("agencies:activity-list")
    _timed(verifier, url)
    times = [_timed(verifier, url, {"page": page})[0] for page in range(1, WEB_PAGES + 1)]
    median = statistics.median(times)
    return [
        *_page_results("web activity list, 25 rows, verifikator", times, url),
        Result(AREA, "web activity list: rows/s (25 a page)", 25 / median, "rows/s"),
    ]


def run(ctx: Context) -> list[Result]:
    from django.test import override_settings

    # The changes feed serves only changes older than the sync lag (120 s), and the benchmark data may have been
    # seeded a minute ago: read it as a mirroring client reads settled data. Nothing writes during the run.
    with override_settings(HUBAL_SYNC_LAG_SECONDS=0):
        return _run(ctx)


def _run(ctx: Context) -> list[Result]:
    from bench_lists import _analyze

    from agencies.models import Activity

    _analyze(ctx)
    staff, province = _token_client("32.76"), _token_client("32")
    results = []
    for path in ("activities", "agreements", "partners", "evidence", "changes"):
        url = f"/api/v1/{path}/"
        results += _page_results(f"GET {url} page of 100, token Kota Depok", _page_times(ctx, staff, url), url)
        results += _page_results(f"GET {url} page of 100, token provinsi", _page_times(ctx, province, url), url)
    # A fresh province token for each full sync: its own throttle budget, as a partner system would have.
    results += _sync_results(
        "full sync /activities/ (500 a page)",
        *_full_sync(_token_client("32"), "/api/v1/activities/", {"page_size": 500}),
    )
    results += _sync_results(
        "full sync /changes/?type=activity (500 a page)",
        *_full_sync(_token_client("32"), "/api/v1/changes/", {"type": "activity", "page_size": 500}),
    )
    results += _web_list(_web_client("verifikator"))
    results.append(Result(AREA, "activities in the database", Activity.objects.count(), "rows"))
    return results
