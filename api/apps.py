from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API integrasi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import history, schema  # noqa: F401  (signal receiver, schema extensions)
