"""`manage.py restore <set>`: load a backup set into the configured database and storage.

Refuses a database that already has tables, or a storage that already holds files, unless `--force` is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Restore a backup set (a folder made by `manage.py backup`) into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="The backup set, e.g. /var/backups/hubal/20261130T020000Z")
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a non-empty database and storage."
        )

    def handle(self, *args, folder: Path, force: bool, **options):
        if not (folder / backup.MANIFEST).is_file():
            raise CommandError(f"{folder} is not a complete backup set (no {backup.MANIFEST}).")
        try:
            manifest = backup.restore(folder, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        differ = {
            table: (count, restored)
            for table, count in manifest["tables"].items()
            if (restored := backup.table_counts().get(table)) != count
        }
        for table, (count, restored) in sorted(differ.items()):
            self.stderr.write(f"{table}: {count} rows in the set's manifest, {restored} restored")
        self.stdout.write(f"Restored {len(manifest['tables'])} tables and {len(manifest['files'])} files from {folder}")
