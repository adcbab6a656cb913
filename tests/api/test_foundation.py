"""The API foundation: schema without warnings, docs from local static files under the CSP, token
authentication (valid, revoked, expired, malformed), last-use bookkeeping, error shape, throttling,
body cap and keyset pages with updated_since."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agencies.models import Office
from api.models import ApiToken
from api.pagination import parse_timestamp

pytestmark = pytest.mark.django_db

OFFICES = "/api/v1/offices/"


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning (untyped field, unknown filter …) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/offices/" in (tmp_path / "schema.yml").read_text()


def test_schema_and_docs_pages_are_served_without_any_cdn(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    for name in ("api:docs", "api:redoc"):
        page = client.get(reverse(name))
        html = page.content.decode()
        assert page.status_code == 200
        assert "http://" not in html and "https://" not in html
        assert "<style" not in html and "<script>" not in html  # nothing inline: the CSP stays strict
        assert "/static/drf_spectacular_sidecar/" in html
    swagger_script = client.get(reverse("api:docs") + "?script")
    assert swagger_script.status_code == 200
    assert "SwaggerUIBundle" in swagger_script.content.decode()


def test_redoc_csp_allows_only_its_runtime_styles_and_worker(client):
    policy = client.get(reverse("api:redoc"))["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "worker-src blob:" in policy
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in client.get(reverse("api:docs"))["Content-Security-Policy"]


def test_anonymous_gets_401_json_with_code(client):
    response = client.get(OFFICES)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header,detail",
    [
        ("Bearer hbl_deadbeef_salah", "Token tidak dikenal."),
        ("Bearer bukan-token", "Token tidak dikenal."),
        ("Bearer", "Header Authorization tidak valid. Gunakan: Authorization: Bearer <token>."),
    ],
)
def test_unknown_or_malformed_token_is_401(client, header, detail):
    response = client.get(OFFICES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": detail}


def test_revoked_and_expired_tokens_are_refused(api_clients):
    revoked = api_clients["revoked"].get(OFFICES)
    expired = api_clients["expired"].get(OFFICES)
    assert (revoked.status_code, revoked.json()["detail"]) == (401, "Token sudah dicabut.")
    assert (expired.status_code, expired.json()["detail"]) == (401, "Masa berlaku token sudah habis.")


def test_office_token_sees_its_office_province_token_sees_all(issue, office_a, province):
    _, client_a = issue(office_a)
    _, client_province = issue(province)
    assert [row["code"] for row in client_a.get(OFFICES).json()["results"]] == ["32.76"]
    assert len(client_province.get(OFFICES).json()["results"]) == 28


def test_only_the_hash_is_stored_and_last_use_is_written_at_most_once_a_minute(issue, office_a, clock):
    token, client = issue(office_a)
    assert token.prefix in client._credentials["HTTP_AUTHORIZATION"]
    assert client._credentials["HTTP_AUTHORIZATION"].split()[1] not in token.secret_hash
    client.get(OFFICES)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first == timezone.now()
    clock.shift(dt.timedelta(seconds=30))
    client.get(OFFICES)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    clock.shift(dt.timedelta(seconds=31))
    client.get(OFFICES)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == timezone.now()


def test_throttle_per_token_answers_429_with_retry_after(settings, issue, office_a, office_b):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}
    _, client_a = issue(office_a)
    _, client_b = issue(office_b)
    assert [client_a.get(OFFICES).status_code for _ in range(3)] == [200, 200, 200]
    refused = client_a.get(OFFICES)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"].startswith("Terlalu banyak permintaan.")
    assert client_b.get(OFFICES).status_code == 200  # another token has its own budget


def test_bad_query_parameters_name_the_field(issue, office_a):
    _, client = issue(office_a)
    for param, value in [("updated_since", "kemarin"), ("cursor", "xx"), ("page_size", "501"), ("kind", "x")]:
        body = client.get(OFFICES, {param: value}).json()
        assert body["code"] == "validation_error", param
        assert [error["field"] for error in body["errors"]] == [param]


def test_cursor_pages_follow_updated_at_then_id_and_updated_since_is_inclusive(issue, province):
    _, client = issue(province)
    # The 28 offices carry their migration's timestamps; give three of them later, distinct times.
    base = Office.objects.latest("updated_at").updated_at + dt.timedelta(days=1)
    for minutes, code in [(1, "32.79"), (2, "32.01"), (2, "32.02")]:
        Office.objects.filter(code=code).update(updated_at=base + dt.timedelta(minutes=minutes))
    since = (base + dt.timedelta(minutes=1)).isoformat()
    first = client.get(OFFICES, {"updated_since": since, "page_size": 2}).json()
    assert [row["code"] for row in first["results"]] == ["32.79", "32.01"]
    second = client.get(first["next"]).json()
    assert ([row["code"] for row in second["results"]], second["next"]) == (["32.02"], None)
    all_rows, url = [], OFFICES + "?page_size=10"
    while url:
        page = client.get(url).json()
        all_rows += [row["code"] for row in page["results"]]
        url = page["next"]
    assert len(all_rows) == len(set(all_rows)) == 28


def test_naive_timestamps_are_wib():
    assert parse_timestamp("2026-01-31T08:00:00") == dt.datetime(2026, 1, 31, 1, 0, tzinfo=dt.UTC)
    assert parse_timestamp("2026-01-31T08:00:00 07:00") == dt.datetime(2026, 1, 31, 1, 0, tzinfo=dt.UTC)
    assert parse_timestamp("31/01/2026") is None


def test_every_field_parameter_and_operation_is_described(tmp_path):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    schema = yaml.safe_load((tmp_path / "schema.yml").read_text())
    bare = [
        f"{name}.{prop}"
        for name, component in schema["components"]["schemas"].items()
        for prop, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    bare += [p["name"] for op in operations for p in op.get("parameters", []) if not p.get("description")]
    bare += [op["operationId"] for op in operations if not op.get("summary")]
    assert bare == []
    assert all(str(code) in op["responses"] for op in operations for code in (429,))
    # Public operations (no `security`, e.g. the JDIHN feed) never answer 401.
    assert all("401" in op["responses"] for op in operations if "security" in op)


def test_unknown_api_address_is_json_404(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
