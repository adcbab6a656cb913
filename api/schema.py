"""drf-spectacular extensions: how the schema describes our authentication classes, and our AutoSchema."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


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


TAGS = {
    "offices": "Kantor",
    "partners": "Lembaga mitra",
    "agreements": "Kerja sama",
    "activities": "Kegiatan",
    "evidence": "Bukti",
    "verification-events": "Jejak verifikasi",
}


class HubalAutoSchema(AutoSchema):
    """Indonesian tags per resource; an operation's description comes only from `extend_schema`, never from
    a Python docstring (those are English notes for developers)."""

    def get_tags(self) -> list[str]:
        resource = self.path.removeprefix("/api/v1/").split("/")[0]
        return [TAGS.get(resource, resource)]

    def get_description(self) -> str:
        return ""
