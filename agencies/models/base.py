"""Abstract bases shared by the models, and the province's region code."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Q
from django.utils import timezone

PROVINCE_CODE = "32"


class TimeStamped(models.Model):
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        abstract = True


_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Key that makes 'Universitas  Padjadjaran.' and 'universitas padjadjaran' the same institution."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCTUATION.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


class Versioned(models.Model):
    """Optimistic locking: every save through a service bumps `version`; a stale form is refused."""

    version = models.PositiveIntegerField("versi", default=1, editable=False)

    class Meta:
        abstract = True


class FetchedForeignKeys(models.Model):
    """`full_clean()` without asking the database again for the foreign keys whose objects it just gave.

    Django's ForeignKey.validate() reads the referenced row to check that it exists: one query per key set. A
    record edited through a form already holds its office, agreement and creator (read with it, select_related)
    and the agreement chosen from the form field's queryset; such an object, read from the database with the same
    primary key, proves the row exists as well as a second read would (neither locks it: the database's foreign
    key constraint is what holds at save). A key set by number, or to an object never saved, is still checked.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        for field in self._meta.concrete_fields:
            if field.many_to_one and field.name not in exclude and self._holds_fetched(field):
                exclude.add(field.name)
        super().clean_fields(exclude=exclude)

    def _holds_fetched(self, field) -> bool:
        if not field.is_cached(self) or field.get_limit_choices_to():
            return False
        related = field.get_cached_value(self)
        value = getattr(self, field.attname)
        return related is not None and not related._state.adding and value is not None and related.pk == value


class EndNotBeforeStart(models.CheckConstraint):
    """CHECK (end >= start), either date possibly empty: the database enforces it on every write like any
    CheckConstraint, and `validate()` (full_clean) compares the two dates in Python. Django's own validate()
    asks the database (`SELECT 1 WHERE …`, inside a savepoint when in a transaction: three statements on every
    record save). Migrations see the plain CheckConstraint (`deconstruct`)."""

    def __init__(self, *, start: str, end: str, end_optional: bool = False, **kwargs):
        condition = Q(**{f"{end}__gte": F(start)})
        if end_optional:
            condition = Q(**{f"{end}__isnull": True}) | condition
        super().__init__(condition=condition, **kwargs)
        self.start, self.end, self.end_optional = start, end, end_optional

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self) -> EndNotBeforeStart:
        _path, _args, kwargs = self.deconstruct()
        del kwargs["condition"]
        return type(self)(start=self.start, end=self.end, end_optional=self.end_optional, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and (self.start in exclude or self.end in exclude):
            return
        start, end = getattr(instance, self.start), getattr(instance, self.end)
        if start is None or end is None:
            return  # SQL: NULL >= x is unknown, which a CHECK lets through
        if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
            super().validate(model, instance, exclude, using)  # not dates yet: let the database compare
        elif end < start:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)
