"""Real services for the infrastructure tests and `deploy/two_servers.py`: moto's S3 server on loopback, free
ports, and whether PostgreSQL and Redis answer.

Ports come from HUBAL_TEST_PORTS ("8130-8139") when set, so that parallel checkouts on one machine keep to their
own range; otherwise the system picks a free one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

REQUIRE_SERVICES = os.environ.get("HUBAL_REQUIRE_SERVICES") == "1"
LOOPBACK = "127.0.0.1"
S3_REGION = "us-east-1"
S3_KEY = "hubal-test-key"
S3_SECRET = "hubal-test-secret"  # noqa: S105 - moto accepts any credentials


def _bindable(port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no owner
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port(taken: set[int] | None = None) -> int:
    """A free loopback port (from HUBAL_TEST_PORTS when set); `taken` are ports already handed out."""
    taken = taken if taken is not None else set()
    span = os.environ.get("HUBAL_TEST_PORTS", "")
    if span:
        low, high = (int(part) for part in span.split("-"))
        # pytest-xdist workers share the range: each takes every n-th port, so two never race for one.
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        for port in range(low + worker, high + 1, workers):
            if port not in taken and _bindable(port):
                taken.add(port)
                return port
        raise RuntimeError(f"no free port in HUBAL_TEST_PORTS={span}")
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((LOOPBACK, 0))
        port = sock.getsockname()[1]
    taken.add(port)
    return port


def answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(host: str, port: int, *, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answers(host, port):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process on port {port} ended with {process.returncode}")
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {host}:{port} after {seconds} s")


def moto_command() -> str | None:
    beside = Path(sys.executable).with_name("moto_server")
    return str(beside) if beside.exists() else shutil.which("moto_server")


@dataclass
class S3Server:
    """moto's server mode: a real S3 HTTP endpoint on loopback, in its own process."""

    port: int
    process: subprocess.Popen
    buckets: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=S3_REGION,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
        )

    def new_bucket(self, prefix: str = "hubal") -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        self.buckets.append(name)
        return name

    def objects(self, bucket: str) -> dict[str, bytes]:
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read() for item in listing}

    def storage_options(self, bucket: str) -> dict:
        """OPTIONS of storages.backends.s3.S3Storage as hubal/settings.py builds them for HUBAL_STORAGE_BACKEND=s3."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint,
            "access_key": S3_KEY,
            "secret_key": S3_SECRET,
            "region_name": S3_REGION,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        }

    def env(self, bucket: str) -> dict[str, str]:
        """The same as environment variables, for a server started in another process."""
        return {
            "HUBAL_STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": S3_KEY,
            "AWS_SECRET_ACCESS_KEY": S3_SECRET,
            "AWS_S3_REGION_NAME": S3_REGION,
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_s3_server(port: int | None = None) -> S3Server:
    command = moto_command()
    if command is None:
        raise RuntimeError("moto_server not found: pip install 'moto[server]' (requirements-dev.txt)")
    port = port or free_port()
    process = subprocess.Popen(  # noqa: S603
        [command, "-H", LOOPBACK, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(LOOPBACK, port, process=process)
    return S3Server(port=port, process=process)


def postgres_url() -> str:
    """The PostgreSQL server of the infrastructure tests (a database name is added by each test)."""
    return os.environ.get("HUBAL_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def redis_url() -> str:
    return os.environ.get("HUBAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def postgres_answers() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(postgres_url())
    return answers(parts.hostname or LOOPBACK, parts.port or 5432)


def redis_answers() -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(redis_url())
    return answers(parts.hostname or LOOPBACK, parts.port or 6379)


def database_prefix() -> str:
    """Name prefix of the PostgreSQL databases the infrastructure tests create (and drop)."""
    return os.environ.get("HUBAL_TEST_DB_PREFIX", "hubal_infra_test")


def create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{postgres_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{postgres_url()}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{postgres_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    """`manage.py <args>` in a fresh process with exactly these portal settings on top of a clean environment."""
    root = Path(__file__).resolve().parents[2]
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "HUBAL_STORAGE", "PYTEST_", "DATABASE_URL", "CACHE_URL"))
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=root,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
