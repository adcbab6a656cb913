"""The change history of the records (django-simple-history), cheaper to write and to reach."""

from __future__ import annotations

from simple_history import signals, utils
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords


class OneManagerClass(HistoryDescriptor):
    """`record.history` (and `Model.history`): simple-history's descriptor builds a new manager class
    (`Manager.from_queryset`, which walks the queryset class's methods) on every access, about 0.3 ms, and a save
    reaches it once to write its historical row. The class is built once here."""

    def __init__(self, model, manager, queryset):
        super().__init__(model, manager, queryset)
        self.manager = manager.from_queryset(queryset)

    def __get__(self, instance, owner):
        return self.manager(self.model, instance)


class RecordHistory(HistoricalRecords):
    """simple-history's HistoricalRecords; each historical row of a record keeps the record's partner links as they
    were (`m2m_fields`), read here in one query of the link table's own columns.

    The library's `create_historical_record_m2ms` first rebuilds the record from its new historical row, only to
    find the link table (a query of the record's `import_batch`, a field left out of the history), then reads the
    links with their record and partner joined and built as objects: two queries, and two model instances per
    link, on every save of an agreement or activity. The rows written and the signals sent are the same.
    `record.history` and the historical rows' `partners` build their manager class once (OneManagerClass).
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is not sender:
            return  # another model's class_prepared
        name = sender._meta.simple_history_manager_attribute
        _build_once(sender, name)
        history_model = sender.__dict__[name].model
        for field in self.m2m_models:
            _build_once(history_model, field.name)

    def create_historical_record_m2ms(self, history_instance, instance):
        for field in history_instance._history_m2m_fields:
            m2m_history_model = self.m2m_models[field]
            through = field.remote_field.through
            columns = [f.attname for f in through._meta.concrete_fields]
            links = through.objects.filter(**{utils.get_m2m_field_name(field): instance}).values_list(*columns)
            rows = [
                m2m_history_model(history=history_instance, **dict(zip(columns, link, strict=True))) for link in links
            ]
            signals.pre_create_historical_m2m_records.send(
                sender=m2m_history_model, rows=rows, history_instance=history_instance, instance=instance, field=field
            )
            created_rows = m2m_history_model.objects.bulk_create(rows)
            signals.post_create_historical_m2m_records.send(
                sender=m2m_history_model,
                created_rows=created_rows,
                history_instance=history_instance,
                instance=instance,
                field=field,
            )


def _build_once(owner, name: str) -> None:
    descriptor = owner.__dict__[name]
    setattr(owner, name, OneManagerClass(descriptor.model, descriptor.manager_class, descriptor.queryset_class))
