"""The API's Django REST framework and drf-spectacular settings (hubal/settings.py reads the environment and
uses these): token or session authentication, keyset pages ordered by (updated_at, id), JSON errors with a stable
code, a throttle per token and a cap on request bodies (docs/dev/api.md). No Django imports: the settings module
loads this before Django is set up."""


def rest_framework(*, throttle_rate: str) -> dict:
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "api.authentication.ApiTokenAuthentication",
            "api.authentication.ApiSessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsApiPrincipal"],
        "DEFAULT_PAGINATION_CLASS": "api.pagination.SyncCursorPagination",
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["api.parsers.CappedJSONParser"],
        "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientThrottle"],
        "DEFAULT_THROTTLE_RATES": {"api": throttle_rate},
        "DEFAULT_SCHEMA_CLASS": "api.schema.HubalAutoSchema",
        "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
        "DATETIME_FORMAT": "iso-8601",
        "COERCE_DECIMAL_TO_STRING": False,
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "API Hubal Jabar",
    "DESCRIPTION": (
        "API integrasi portal Hubal Bawaslu Jawa Barat: kantor, lembaga mitra, kerja sama, kegiatan, bukti dan "
        "jejak verifikasi. Panduan pengembang: docs/dev/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "ENUM_NAME_OVERRIDES": {
        "OfficeKindEnum": "agencies.choices.OfficeKind",
        "AgreementKindEnum": "agencies.choices.AgreementKind",
        "ActivityKindEnum": "agencies.choices.ActivityKind",
        "EvidenceKindEnum": "agencies.choices.EvidenceKind",
        "VerificationStatusEnum": "agencies.choices.VerificationStatus",
        "AgreementStatusEnum": "agencies.choices.AgreementStatus",
    },
    # Swagger UI and ReDoc from our own static files (no CDN: offices may be on an intranet).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}
