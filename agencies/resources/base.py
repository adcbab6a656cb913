"""The base of every import resource: rows land in the importer's own office, as drafts."""

from __future__ import annotations

from import_export import fields, resources

from ..models import Office
from .widgets import (
    AgreementNumberWidget,
)


def column_field(attribute: str, header: str, widget) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


class HubalResource(resources.ModelResource):
    """Rows land in `office` (the importer's own), created by `user`, as drafts."""

    required_columns: tuple[str, ...] = ()
    label_field = "title"

    def __init__(self, *, office: Office, user=None):
        super().__init__()
        self.office, self.user = office, user
        for field in self.fields.values():
            if isinstance(field.widget, AgreementNumberWidget):
                field.widget.office, field.widget.user = office, user

    def columns(self) -> dict[str, fields.Field]:
        """Template header → field, in template order."""
        return {field.column_name: field for field in self.get_import_fields()}

    def get_queryset(self):
        return self._meta.model.objects.filter(office=self.office)

    def init_instance(self, row=None):
        return self._meta.model(office=self.office, created_by=self.user)

    def key_of(self, values: dict) -> tuple:
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        """django-import-export's per-row lookup, by the same natural key as the portal's importer."""
        values = {}
        for name in self.key_fields:
            field = self.fields[name]
            if field.column_name not in row:
                continue
            try:
                values[name] = field.clean(row)
            except ValueError:
                return None
        return self.lookup(values)
