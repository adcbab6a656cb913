"""Proof that app servers are stateless: TWO gunicorn servers, one PostgreSQL database, one Redis, one S3 server.

    .venv/bin/python deploy/two_servers.py            # prints each step; exit status 0 when every check held

What it does, as a person with a browser would (one cookie jar, switching servers between requests):
  1. a fresh PostgreSQL database (dropped at the end), moto's S3 server on loopback with a fresh bucket, Redis;
  2. `migrate`, `collectstatic`, a staff user with a partner and an activity; two gunicorn servers started with
     deploy/gunicorn.conf.py and production settings (DJANGO_DEBUG=False, JSON logs), each on its own port;
  3. signs in on server A, uploads evidence and previews an activity import on A;
  4. confirms the import and downloads the evidence on server B (same bytes as uploaded, object in the bucket);
  5. five failed sign-ins for another account, three on A and two on B, lock that account on both servers
     (django-axes counts in the shared database; the limit is five);
  6. four password-reset requests for one address, two on A and two on B, send three e-mails: the limit
     (accounts.ratelimit) is counted in the shared Redis cache, not per server.

Where the services are: HUBAL_TEST_POSTGRES (postgres://postgres@127.0.0.1:5432), HUBAL_TEST_REDIS_URL
(redis://127.0.0.1:6379/1), ports from HUBAL_TEST_PORTS (e.g. 8130-8139) or any free one. Used by
tests/infra/test_two_servers.py; see docs/operations.md ("Several app servers").
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.infra import services  # noqa: E402

PASSWORD = "rahasia-uji-123"  # noqa: S105 - tests.factories.TEST_PASSWORD
SETUP = """
from agencies.choices import Role
from tests.factories import ActivityFactory, PartnerFactory, UserFactory, office
staff = UserFactory(username="staf-dua", email="staf-dua@example.org", role=Role.STAFF, office=office("32.76"))
UserFactory(username="staf-kunci", email="staf-kunci@example.org", role=Role.STAFF, office=office("32.76"))
PartnerFactory(name="Polres Depok")
print("activity", ActivityFactory(office=staff.office, title="Rapat koordinasi dua server").pk)
"""


def step(text: str) -> None:
    print(f"== {text}", flush=True)


class Browser:
    """One cookie jar across both servers; cookies kept by hand because the portal's are `Secure` (production
    settings) and this browser talks plain HTTP to loopback."""

    def __init__(self) -> None:
        import requests

        self.http = requests
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": url}
        if method == "POST":
            kwargs.setdefault("data", {})["csrfmiddlewaretoken"] = self.cookies.get("csrftoken", "")
        response = self.http.request(method, url, headers=headers, allow_redirects=False, timeout=60, **kwargs)
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.request("POST", url, **kwargs)

    def sign_in(self, base: str, username: str, password: str):
        self.get(f"{base}/masuk/")
        return self.post(f"{base}/masuk/", data={"username": username, "password": password})


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    print(f"   ok: {message}", flush=True)


def activity_workbook() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kegiatan"
    sheet.append(["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"])
    sheet.append(["Impor dari server A", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "hubal.wsgi"]
    command += ["--bind", f"{services.LOOPBACK}:{port}", "--workers", "2"]
    handle = open(log, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
    services.wait_for(services.LOOPBACK, port, seconds=60, process=process)
    return process


def prepare(env: dict[str, str]) -> int:
    for args in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        result = services.manage(*args, env=env, timeout=600)
        if result.returncode != 0:
            raise SystemExit(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    result = services.manage("shell", "-c", SETUP, env=env)
    if result.returncode != 0:
        raise SystemExit(f"setup failed:\n{result.stderr}")
    return int(re.search(r"activity (\d+)", result.stdout)[1])


def scenario(a: str, b: str, activity: int, s3: services.S3Server, bucket: str) -> None:
    from tests.agencies import corpus

    browser = Browser()
    step(f"sign in on A ({a})")
    check(browser.sign_in(a, "staf-dua", PASSWORD).status_code == 302, "signed in on A")
    check(browser.get(f"{b}/").status_code == 200, "the session is known to B")

    step("upload evidence and preview an import on A")
    name, pdf = corpus.real_pdf("notulen-dua-server.pdf")
    upload = browser.post(
        f"{a}/bukti/unggah/activity/{activity}/",
        data={"evidence_kind": "report"},
        files={"files": (name, pdf, "application/pdf")},
    )
    check(upload.status_code == 302, "evidence accepted by A")
    check(pdf in s3.objects(bucket).values(), "the evidence is an object in the S3 bucket")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    started = browser.post(
        f"{a}/laporan/impor/", data={"kind": "activities"}, files={"file": ("kegiatan.xlsx", activity_workbook(), xlsx)}
    )
    check(started.status_code == 302 and started.headers["Location"].endswith("/impor/pratinjau/"), "import stashed")
    check("Impor dari server A" in browser.get(f"{a}/laporan/impor/pratinjau/").text, "preview on A shows the row")

    step(f"confirm the import and download the evidence on B ({b})")
    done = browser.post(f"{b}/laporan/impor/simpan/", data={"action": "confirm"})
    check(done.status_code == 302 and "/kegiatan/" in done.headers["Location"], "B confirmed A's import")
    check("Impor dari server A" in browser.get(f"{b}/kegiatan/").text, "the imported activity is listed on B")
    check(not any(key.startswith("imports/") for key in s3.objects(bucket)), "the stash left the bucket")
    detail = browser.get(f"{b}/kegiatan/{activity}/").text
    [evidence] = set(re.findall(r"/bukti/(\d+)/unduh/", detail))
    download = browser.get(f"{b}/bukti/{evidence}/unduh/")
    check(download.status_code == 200 and download.content == pdf, "B streams the same bytes A received")


def lockout(a: str, b: str) -> None:
    step("failed sign-ins counted across both servers")
    browser = Browser()
    for base in (a, a, a, b):
        check(
            browser.sign_in(base, "staf-kunci", "salah-sandi").status_code == 200, f"wrong password refused on {base}"
        )
    locked = browser.sign_in(b, "staf-kunci", "salah-sandi")
    check(locked.status_code == 429, "the fifth failure, on B, locks the account (3 on A + 2 on B = the limit 5)")
    check(browser.sign_in(a, "staf-kunci", PASSWORD).status_code == 429, "A refuses the right password: locked")
    check(Browser().sign_in(b, "staf-kunci", PASSWORD).status_code == 429, "B refuses it too")


def reset_limit(a: str, b: str, logs: list[Path]) -> None:
    step("password-reset limit counted in the shared cache")
    browser = Browser()
    for base in (a, a, b, b):
        browser.get(f"{base}/akun/lupa-kata-sandi/")
        response = browser.post(f"{base}/akun/lupa-kata-sandi/", data={"email": "staf-dua@example.org"})
        check(response.status_code == 302, f"reset request answered by {base}")
    deadline = time.monotonic() + 15
    sent = 0
    while time.monotonic() < deadline:
        sent = sum(log.read_text(errors="replace").count("To: staf-dua@example.org") for log in logs)
        if sent >= 3:
            break
        time.sleep(0.5)
    time.sleep(1)
    sent = sum(log.read_text(errors="replace").count("To: staf-dua@example.org") for log in logs)
    check(sent == 3, f"3 of 4 requests sent an e-mail (sent {sent}; per-server counters would send 4)")


def main() -> int:
    taken: set[int] = set()
    name = f"{services.database_prefix()}_two_{uuid.uuid4().hex[:6]}"
    step(f"database {name}, S3 server, Redis {services.redis_url()}")
    url = services.create_database(name)
    s3 = services.start_s3_server(services.free_port(taken))
    servers: list[subprocess.Popen] = []
    work = Path(tempfile.mkdtemp(prefix="hubal-two-servers-"))
    try:
        bucket = s3.new_bucket("two-servers")
        env = {
            "DATABASE_URL": url,
            "CACHE_URL": services.redis_url(),
            "HUBAL_CACHE_KEY_PREFIX": f"two-{uuid.uuid4().hex[:8]}",
            **s3.env(bucket),
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": services.LOOPBACK,
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_STATIC_ROOT": str(work / "static"),
            "HUBAL_LOG_FORMAT": "json",
            "HUBAL_ACCOUNT_MAIL_IN_BACKGROUND": "False",
        }
        step("migrate, collectstatic, setup")
        activity = prepare(env)
        full_env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}, **env}
        ports = [services.free_port(taken), services.free_port(taken)]
        logs = [work / f"gunicorn-{port}.log" for port in ports]
        step(f"two gunicorn servers on ports {ports[0]} and {ports[1]}")
        servers = [start_server(port, full_env, log) for port, log in zip(ports, logs, strict=True)]
        a, b = (f"http://{services.LOOPBACK}:{port}" for port in ports)
        for base in (a, b):
            check(Browser().get(f"{base}/readyz").status_code == 200, f"{base}/readyz is ready")
        scenario(a, b, activity, s3, bucket)
        lockout(a, b)
        reset_limit(a, b, logs)
        step("every check held")
        return 0
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        s3.stop()
        services.drop_database(name)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
