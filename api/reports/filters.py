"""django-filter FilterSets of the report endpoints. The LAKIP and IKP sets narrow the offices the caller may
see (`agencies.permissions.visible_offices`); `year` and `indicator` choose what the one selector computes."""

from __future__ import annotations

import django_filters as df
from django.utils import timezone

from agencies.models import Office
from reports.choices import PeriodKind
from reports.lakip.services import MAX_YEAR, MIN_YEAR
from reports.models import PublishedRanking

YEAR_HELP = f"Tahun ({MIN_YEAR}–{MAX_YEAR}); bawaan tahun berjalan (WIB)."


def _keep(queryset, name, value):
    """For parameters that choose what a selector computes rather than narrowing the queryset."""
    return queryset


class ReportOfficeFilter(df.FilterSet):
    office = df.CharFilter(field_name="code", help_text="Kode kantor, mis. `32.76`; `32` = seluruh Jawa Barat.")
    year = df.NumberFilter(method=_keep, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=YEAR_HELP)

    class Meta:
        model = Office
        fields: list[str] = []

    def year_value(self) -> int:
        return int(self.form.cleaned_data.get("year") or timezone.localdate().year)


class LakipFilter(ReportOfficeFilter):
    indicator = df.CharFilter(method=_keep, help_text="Kode indikator kinerja, mis. `IK-01`.")

    class Meta(ReportOfficeFilter.Meta):
        pass


class RankingFilter(df.FilterSet):
    year = df.NumberFilter(
        field_name="period_start__year", min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Tahun awal periode."
    )
    period_kind = df.ChoiceFilter(choices=PeriodKind.choices, help_text="Jenis periode peringkat.")

    class Meta:
        model = PublishedRanking
        fields: list[str] = []
