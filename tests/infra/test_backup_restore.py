"""The restore drill: a seeded database with stored files is backed up, restored into a fresh database and a
fresh folder or bucket, and every table's row count and every file's checksum must match. A restore into a
database that is not empty is refused without --force.

Each side runs in its own process (`manage.py`), as on a server: the settings are read from the environment.
"""

import hashlib
import sqlite3
import uuid
from pathlib import Path

import pytest

from . import services

pytestmark = pytest.mark.services

SEED = """
from django.core.files.uploadedfile import SimpleUploadedFile
from agencies.choices import Role
from agencies.services.evidence import evidence_add_many
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, UserFactory, office

user = UserFactory(username="drill", role=Role.STAFF, office=office("32.76"))
for number in range(3):
    files = [SimpleUploadedFile(*corpus.real_pdf(f"notulen-{number}.pdf")), SimpleUploadedFile(*corpus.real_png())]
    evidence_add_many(user=user, record=ActivityFactory(office=user.office), files=files, kind="report")
evidence_add_many(user=user, record=AgreementFactory(office=user.office), files=[SimpleUploadedFile(*corpus.real_xlsx())], kind="report")
"""


def _ok(result) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _postgres_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _folder_files(root: Path) -> dict[str, str]:
    files = [path for path in root.rglob("*") if path.is_file()]
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def _bucket_files(server, bucket: str) -> dict[str, str]:
    return {key: hashlib.sha256(data).hexdigest() for key, data in server.objects(bucket).items()}


def _drill(source: dict, target: dict, backups: Path) -> Path:
    _ok(services.manage("migrate", "--noinput", env=source))
    _ok(services.manage("shell", "-c", SEED, env=source))
    _ok(services.manage("backup", "--to", str(backups), env=source))
    [folder] = [path for path in backups.iterdir() if path.is_dir()]
    _ok(services.manage("restore", str(folder), env=target))
    return folder


def _refuses_then_forces(folder: Path, target: dict) -> None:
    refused = services.manage("restore", str(folder), env=target)
    assert refused.returncode != 0
    assert "already has tables" in refused.stderr
    _ok(services.manage("restore", str(folder), "--force", env=target))


def test_restore_drill_sqlite_and_local_files(tmp_path):
    source_db, target_db = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    source = {"DATABASE_URL": f"sqlite:///{source_db}", "DJANGO_MEDIA_ROOT": str(tmp_path / "source-media")}
    target = {"DATABASE_URL": f"sqlite:///{target_db}", "DJANGO_MEDIA_ROOT": str(tmp_path / "target-media")}
    folder = _drill(source, target, tmp_path / "backups")

    counts = _sqlite_counts(source_db)
    assert counts["agencies_evidence"] == 7
    assert _sqlite_counts(target_db) == counts
    files = _folder_files(tmp_path / "source-media")
    assert len(files) == 7
    assert _folder_files(tmp_path / "target-media") == files
    _refuses_then_forces(folder, target)
    assert _sqlite_counts(target_db) == counts
    assert _folder_files(tmp_path / "target-media") == files
    _later_sets_link_unchanged_files_and_old_ones_go(source, tmp_path / "backups")


def _later_sets_link_unchanged_files_and_old_ones_go(source: dict, backups: Path) -> None:
    for _ in range(2):
        _ok(services.manage("backup", "--to", str(backups), "--keep", "2", env=source))
    sets = sorted(backups.iterdir())
    assert len(sets) == 2
    first, second = (sorted((folder / "files").rglob("*.pdf"))[0] for folder in sets)
    assert first.stat().st_ino == second.stat().st_ino  # one copy on disk, two complete sets


def test_restore_drill_postgresql_and_s3_bucket(tmp_path, s3_server):
    if not services.postgres_answers():
        if services.REQUIRE_SERVICES:
            pytest.fail("PostgreSQL does not answer")
        pytest.skip("PostgreSQL does not answer")
    names = [f"{services.database_prefix()}_drill_{side}_{uuid.uuid4().hex[:6]}" for side in ("src", "dst")]
    urls = [services.create_database(name) for name in names]
    buckets = [s3_server.new_bucket("drill-src"), s3_server.new_bucket("drill-dst")]
    source = {"DATABASE_URL": urls[0], **s3_server.env(buckets[0])}
    target = {"DATABASE_URL": urls[1], **s3_server.env(buckets[1])}
    try:
        folder = _drill(source, target, tmp_path / "backups")
        counts = _postgres_counts(urls[0])
        assert counts["agencies_evidence"] == 7
        assert _postgres_counts(urls[1]) == counts
        files = _bucket_files(s3_server, buckets[0])
        assert len(files) == 7
        assert _bucket_files(s3_server, buckets[1]) == files
        _refuses_then_forces(folder, target)
        assert _postgres_counts(urls[1]) == counts
    finally:
        for name in names:
            services.drop_database(name)
