"""LAKIP rules: quarters, how each indicator source fills the quarter columns, capaian, display of values."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ..charts import format_number
from ..choices import IndicatorSource, Polarity
from ..models import PerformanceIndicator

QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = ("TW I", "TW II", "TW III", "TW IV")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
DASH = "–"

FLOW, STOCK, PERIOD, MANUAL_SUM, MANUAL_MEAN = "flow", "stock", "period", "manual_sum", "manual_mean"
RULE_LABELS = {
    FLOW: "Per triwulan; tahunan = jumlah TW I–IV",
    STOCK: "Posisi akhir triwulan; tahunan = posisi 31 Desember",
    PERIOD: "Dihitung ulang per triwulan dan untuk setahun (tidak dijumlahkan)",
    MANUAL_SUM: "Diisi per triwulan; tahunan = jumlah triwulan",
    MANUAL_MEAN: "Diisi per triwulan; tahunan = rata-rata triwulan yang terisi",
}
SOURCE_RULES = {
    IndicatorSource.AGREEMENTS_SIGNED: FLOW,
    IndicatorSource.AGREEMENTS_ACTIVE_AT_END: STOCK,
    IndicatorSource.ACTIVITIES: FLOW,
    IndicatorSource.DISTINCT_PARTNERS: PERIOD,
    IndicatorSource.MONITORING_ACTIVITIES: FLOW,
    IndicatorSource.VIOLATION_REPORTS: FLOW,
    IndicatorSource.EVIDENCE_SHARE: PERIOD,
}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter: TW I is 1 January – 31 March, TW II starts on 1 April."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def rule_of(indicator: PerformanceIndicator) -> str:
    if indicator.is_manual:
        return MANUAL_MEAN if indicator.unit.strip() == "%" else MANUAL_SUM
    return SOURCE_RULES[indicator.source]


def round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_value(value: Decimal | None) -> str:
    """Indonesian display: 1.234 or 66,67; '–' when there is no value."""
    if value is None:
        return DASH
    value = round2(value)
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def format_percent(value: Decimal | None) -> str:
    """Percentages always with two decimals in Indonesian notation ("75,00" beside "75,32"); '–' without value."""
    return DASH if value is None else format_number(round2(value), 2)


def formatter(indicator: PerformanceIndicator):
    """How an indicator's values print: percentages with two decimals, counts as they are."""
    return format_percent if indicator.unit.strip() == "%" else format_value


def capaian(realisation: Decimal | None, target: Decimal | None, polarity: str) -> Decimal | None:
    """Achievement in percent, unrounded; None ("–") when it cannot be computed.

    Higher is better: R / T × 100; a target of 0 commits to nothing, so no percentage is given.
    Lower is better: (2T − R) / T × 100 clipped at 0 (the usual SAKIP formula: R = T gives 100 %, R = 0 gives
    200 %, R ≥ 2T gives 0 %); with a target of 0, R = 0 meets it (100 %) and anything above misses it (0 %).
    """
    if realisation is None or target is None:
        return None
    if polarity == Polarity.LOWER_IS_BETTER:
        if target == 0:
            return HUNDRED if realisation == 0 else Decimal(0)
        return max(Decimal(0), (2 * target - realisation) / target * HUNDRED)
    if target == 0:
        return None
    return realisation / target * HUNDRED
