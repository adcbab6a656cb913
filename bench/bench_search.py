"""The portal search (`/cari/?q=…`) on the scale-10 demo data: server time of a search page for the verifier
(every office) and for a staff member (`staf-3276`), with its query count. PostgreSQL ranks by trigram word
similarity over GIN trigram indexes; SQLite scores in Python (agencies/selectors/search.py).
Goal: median <= 150 ms per page.
"""

from __future__ import annotations

from harness import Context, Result, client_for, count_queries, median_seconds

AREA = "search"
GOAL_MS = 150
QUERIES = ("rapat", "universitas", "kesbangpol depok", "PKS")


def _measure(ctx: Context, name: str, client, url: str) -> list[Result]:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    seconds = median_seconds(get, ctx.repeat)
    return [
        Result(AREA, f"{name} (median)", seconds * 1000, "ms", f"<= {GOAL_MS} ms", {"url": url}),
        Result(AREA, f"{name} (queries)", count_queries(get), "queries", "constant"),
    ]


def _second_factor(client, username: str):
    """The verifier signs in with a second factor: mark the bench client's session as having passed it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agencies.models import User

    user = User.objects.get(username=username)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def run(ctx: Context) -> list[Result]:
    from urllib.parse import urlencode

    from django.urls import reverse

    from agencies.models import Activity, Evidence

    if ctx.backend == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # plans from statistics, as a live database has them
    staff, verifier = client_for("staf-3276"), _second_factor(client_for("verifikator"), "verifikator")
    results = []
    for query in QUERIES:
        url = reverse("agencies:search") + "?" + urlencode({"q": query})
        results += _measure(ctx, f"search “{query}”, verifikator", verifier, url)
    results += _measure(ctx, "search “rapat”, staf-3276", staff, reverse("agencies:search") + "?q=rapat")
    results.append(Result(AREA, "activities in the database", Activity.objects.count(), "rows"))
    results.append(Result(AREA, "evidence files in the database", Evidence.objects.count(), "rows"))
    return results
