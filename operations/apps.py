from django.apps import AppConfig
from django.core.signals import request_finished


class OperationsConfig(AppConfig):
    """Running the portal: health probes, request ids in the logs, backups and restores. Imports no other app."""

    name = "operations"
    verbose_name = "Operasional"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
        from .logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="operations.forget_request_id")
