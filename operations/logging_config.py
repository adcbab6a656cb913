"""The LOGGING setting (hubal/settings.py reads HUBAL_LOG_FORMAT and DJANGO_LOG_LEVEL and calls this): one line
per record with the request id, plain text or JSON (operations.logs); request errors also by e-mail to ADMINS.
No Django imports: the settings module loads this before Django is set up."""


def logging_config(*, log_format: str, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "operations.logs.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "operations.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "filters": ["require_debug_false"],
                "level": "ERROR",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False}},
    }
