"""The web list FilterSets (`agencies.filters`), reused by the API as they are.

`api_filterset(WebFilter)` makes the class DRF's filter backend can build (it passes `request`, the web
ones want `user`) and drops the web's `sort` (the API's order is always (updated_at, id)). Query parameters
are therefore the same as the list pages': `q`, `year`, `office`, `verification`, `partner_category` …;
`office` is honoured for provincial principals only, as in the web.
"""

from __future__ import annotations

import django_filters as df


def api_filterset(web_filter: type[df.FilterSet]) -> type[df.FilterSet]:
    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        web_filter.__init__(self, data, queryset, user=getattr(request, "user", None), request=request, **kwargs)

    attrs = {"__init__": __init__, "sort": None, "__module__": __name__, "Meta": web_filter.Meta}
    return type(f"Api{web_filter.__name__}", (web_filter,), attrs)
