"""Backups of the database and the stored files, and their restore (docs/operations.md, "Backups").

A backup set is one folder `<HUBAL_BACKUP_DIR>/<UTC time>/`:

    database.dump      PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, restored by pg_restore)
    database.sqlite3   SQLite: SQLite's online backup API (a consistent copy while the portal runs)
    files/<name>       every stored file (local folder or S3 bucket, read through Django's storage API)
    manifest.json      when, which database engine, every table's row count, every file's size and SHA-256

Files are immutable in this portal (new uploads get new random names), so a file that the previous set already
holds with the same size is hard-linked instead of copied again: every set is complete, but a night costs only
the new files. Import stashes and probe files are transient and left out; thumbnails are derived and made again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections

SKIPPED_PREFIXES = ("imports/", "health/", "thumbs/")
MANIFEST = "manifest.json"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (shown by the command)."""


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sha256: str


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage (walked through the storage API: a folder or a bucket alike)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{folder}/{name}" if folder else name
        if not path.startswith(SKIPPED_PREFIXES):
            yield path
    for sub in folders:
        path = f"{folder}/{sub}" if folder else sub
        if f"{path}/" not in SKIPPED_PREFIXES:
            yield from stored_names(storage, path)


def table_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


# Database -----------------------------------------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], settings_dict: dict) -> None:
    result = subprocess.run(command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(folder: Path, alias: str = "default") -> str:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name],
             connection.settings_dict)  # fmt: skip
    elif connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"no backup for the {connection.vendor} engine")
    return target.name


def database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def refuse_if_not_empty() -> None:
    """A restore never overwrites data by accident: the target database and storage must both be empty."""
    if not database_is_empty():
        raise BackupError(
            "The target database already has tables. Restore into an empty database, or pass --force to "
            "replace its contents."
        )
    if next(stored_names(), None) is not None:
        raise BackupError("The target storage already holds files. Restore into an empty one, or pass --force.")


def load_database(folder: Path, *, force: bool, alias: str = "default") -> None:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        clean = ["--clean", "--if-exists"] if force else []
        name = connection.settings_dict["NAME"]
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean, f"--dbname={name}"]
        connection.close()
        _run([*command, str(folder / "database.dump")], connection.settings_dict)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as source:
            source.backup(connection.connection)
        source.close()
        connection.close()
    else:
        raise BackupError(f"no restore for the {connection.vendor} engine")


# Files --------------------------------------------------------------------------------------------------


def _copy_out(storage: Storage, name: str, target: Path, previous: Path | None) -> StoredFile:
    target.parent.mkdir(parents=True, exist_ok=True)
    size = storage.size(name)
    earlier = previous / FILES / name if previous else None
    if earlier is not None and earlier.is_file() and earlier.stat().st_size == size:
        os.link(earlier, target)
    else:
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
    with open(target, "rb") as handle:
        return StoredFile(name, size, sha256_of(handle))


def copy_files_out(folder: Path, previous: Path | None, storage: Storage = default_storage) -> list[StoredFile]:
    return [_copy_out(storage, name, folder / FILES / name, previous) for name in sorted(stored_names(storage))]


def copy_files_in(folder: Path, files: list[dict], storage: Storage = default_storage) -> None:
    """Write every file of the set under its own name, after checking its copy against the manifest."""
    for entry in files:
        source = folder / FILES / entry["name"]
        with open(source, "rb") as handle:
            if sha256_of(handle) != entry["sha256"]:
                raise BackupError(f"{entry['name']}: the backup copy does not match its checksum")
            handle.seek(0)
            if storage.exists(entry["name"]):
                storage.delete(entry["name"])
            saved = storage.save(entry["name"], File(handle))
        if saved != entry["name"]:
            raise BackupError(f"{entry['name']} was stored as {saved}")


# Sets ---------------------------------------------------------------------------------------------------


def latest_set(root: Path) -> Path | None:
    sets = sorted(path for path in root.glob("*") if (path / MANIFEST).is_file()) if root.is_dir() else []
    return sets[-1] if sets else None


def backup(root: Path, *, now: dt.datetime | None = None) -> Path:
    """Write one complete backup set under `root` and return its folder."""
    now = now or dt.datetime.now(dt.UTC)
    previous = latest_set(root)
    folder = root / now.strftime("%Y%m%dT%H%M%SZ")
    partial = folder.with_name(folder.name + ".partial")
    if folder.exists() or partial.exists():
        raise BackupError(f"{folder} already exists: one backup per second at most.")
    partial.mkdir(parents=True)
    try:
        counts = table_counts()
        database = dump_database(partial)
        files = copy_files_out(partial, previous)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    manifest = {
        "created": now.isoformat(),
        "engine": connections["default"].vendor,
        "database": database,
        "tables": counts,
        "files": [vars(entry) for entry in files],
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    partial.rename(folder)  # a set without .partial is complete
    return folder


def restore(folder: Path, *, force: bool) -> dict:
    """Load the set's database and files into the configured database and storage; returns its manifest."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    engine = connections["default"].vendor
    if manifest["engine"] != engine:
        raise BackupError(f"The set holds a {manifest['engine']} database; the portal is configured for {engine}.")
    if not force:
        refuse_if_not_empty()
    load_database(folder, force=force)
    copy_files_in(folder, manifest["files"])
    return manifest


def prune(root: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete sets (and any partial set left by a crash)."""
    sets = sorted(path for path in root.glob("*") if (path / MANIFEST).is_file())
    gone = sets[:-keep] if keep > 0 else []
    gone += [path for path in root.glob("*.partial") if path.is_dir()]
    for path in gone:
        shutil.rmtree(path)
    return gone
