"""What makes a django-filter FilterSet cheap to build on every list page (agencies/filters.py uses it).

django-filter builds a FilterSet per request by deep-copying every declared filter, then a form class from
new form fields, then the form deep-copies those fields again, with every choice of every select: about 0.8 ms
of the activity list, the page staff open most. The declared filters and their fields are constants, so:
- `bind_filters`: a shallow copy of each filter, bound to the FilterSet whose methods it calls;
- `form_class_for`: one form class per FilterSet class and set of filters, built once per process (its fields
  are per form as always: the form copies them);
- `ChoiceFilter`: a form field whose copy shares its list of choices. Choices are constants or a callable
  (`year_choices`), which is called each time the choices are read, so nothing is ever served stale.
"""

from __future__ import annotations

import copy

import django_filters as df
from django_filters.fields import ChoiceField as _ChoiceField
from django_filters.fields import ChoiceIterator
from django_filters.filters import FilterMethod

_FORM_CLASSES: dict[tuple, type] = {}


class SharedChoices(ChoiceIterator):
    """The choices of a filter's select; a copy (one per form) shares the list and follows its new field."""

    def __deepcopy__(self, memo):
        return type(self)(memo.get(id(self.field), self.field), self.choices)


class SharedChoiceField(_ChoiceField):
    iterator = SharedChoices


class ChoiceFilter(df.ChoiceFilter):
    field_class = SharedChoiceField


def bind_filters(filterset, names: list[str]) -> dict:
    """The filters `names` of the FilterSet's class, each a shallow copy that answers to `filterset` (what
    django-filter's deepcopy achieved: a `method=` filter calls the method of the filterset it belongs to)."""
    model = filterset.queryset.model
    bound = {}
    for name in names:
        declared = filterset.base_filters[name]
        copied = copy.copy(declared)
        copied.model, copied.parent = model, filterset
        if isinstance(declared.__dict__.get("filter"), FilterMethod):
            copied.filter = FilterMethod(copied)
        bound[name] = copied
    return bound


def form_class_for(filterset, build) -> type:
    """The form class of `filterset` (`build()` makes it the first time): one per FilterSet class and filters."""
    key = (type(filterset), tuple(filterset.filters))
    form_class = _FORM_CLASSES.get(key)
    if form_class is None:
        form_class = _FORM_CLASSES[key] = build()
    return form_class
