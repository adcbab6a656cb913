from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Laporan: peringkat, IKP, LAKIP"

    def ready(self) -> None:
        # agencies never imports reports: the ranking tells the verification undo what depends on a verification.
        from agencies.services.verification import register_undo_guard

        from .ranking.services import verification_undo_guard

        register_undo_guard(verification_undo_guard)
