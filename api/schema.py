"""drf-spectacular extensions: how the schema describes our authentication classes."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "hbl_<awalan>_<rahasia>",
            "description": (
                "Token API yang dibuat verifikator di portal (menu Token API). Kirim sebagai "
                "`Authorization: Bearer <token>`."
            ),
        }


class ApiSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Sesi portal (masuk di peramban); penulisan memerlukan header X-CSRFToken.",
        }
