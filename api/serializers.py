"""The base of every API serializer: each field is described in the schema (its help text, else its
Indonesian label), so that no field of the OpenAPI document is left without a description."""

from __future__ import annotations

from django.utils.text import capfirst
from rest_framework import serializers

ID_HELP = "Nomor unik data (tetap, dipakai untuk sinkronisasi)."


class DescribedModelSerializer(serializers.ModelSerializer):
    def get_fields(self) -> dict:
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = ID_HELP if name == "id" else capfirst(str(field.label or name)) + "."
        return fields
