"""The change history of the records (django-simple-history), with a lighter snapshot of their partner links."""

from __future__ import annotations

from simple_history import signals, utils
from simple_history.models import HistoricalRecords


class RecordHistory(HistoricalRecords):
    """simple-history's HistoricalRecords; each historical row of a record keeps the record's partner links as they
    were (`m2m_fields`), read here in one query of the link table's own columns.

    The library's `create_historical_record_m2ms` first rebuilds the record from its new historical row, only to
    find the link table (a query of the record's `import_batch`, a field left out of the history), then reads the
    links with their record and partner joined and built as objects: two queries, and two model instances per
    link, on every save of an agreement or activity. The rows written and the signals sent are the same.
    """

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
