"""`manage.py backup`: one complete backup set of the database and the stored files (operations.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Back up the database and every stored file into a new folder under HUBAL_BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=None, help="Folder of the backup sets (HUBAL_BACKUP_DIR).")
        parser.add_argument("--keep", type=int, default=None, help="Keep only the newest N sets afterwards.")

    def handle(self, *args, to: Path | None, keep: int | None, **options):
        root = to or Path(settings.HUBAL_BACKUP_DIR)
        try:
            folder = backup.backup(root)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = (folder / backup.MANIFEST).read_text(encoding="utf-8")
        self.stdout.write(f"Backup set {folder} ({len(manifest)} bytes of manifest)")
        keep = keep if keep is not None else settings.HUBAL_BACKUP_KEEP
        for gone in backup.prune(root, keep):
            self.stdout.write(f"Removed old set {gone}")
