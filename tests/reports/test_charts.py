"""Server-rendered SVG charts: escaped labels, no inline style, Indonesian numbers, round grid lines."""

from reports import charts


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = str(
        charts.bar_chart(
            [("Kota <Depok>", 50), ("Kabupaten Bogor", 100)], title="Skor & urutan", max_value=100, decimals=2
        )
    )
    assert "Kota &lt;Depok&gt;" in svg and "<title>Skor &amp; urutan</title>" in svg
    assert 'width="197.0"' in svg and 'width="394.0"' in svg  # plot width 394 px: 50 % and 100 %
    assert "50,00" in svg and "100,00" in svg
    assert "style=" not in svg and "<script" not in svg


def test_line_chart_has_a_legend_and_dots_per_point():
    svg = str(
        charts.line_chart(
            ["TW I", "TW II", "TW III"], [("Kegiatan", [10, 20, 35]), ("Kerja sama", [1, 2, 3])], title="Tren"
        )
    )
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 6
    assert "Kegiatan TW III: 35" in svg and "style=" not in svg
    assert ">50<" in svg  # grid up to the round ceiling of 35


def test_nice_ceiling():
    assert [charts.nice_ceiling(v) for v in (0, 0.7, 3, 35, 85.25, 100, 614, 1001)] == [
        1,
        1,
        5,
        50,
        100,
        100,
        1000,
        2000,
    ]


def test_numbers_in_indonesian_notation():
    assert charts.format_number(1234.5) == "1.234,5"  # Django's "id" format: a dot groups thousands
    assert charts.format_number(66.0, 2) == "66,00"


def test_target_chart_pairs_bars_on_their_own_scale_and_escapes():
    svg = str(
        charts.target_chart(
            [
                {"code": "IK-<1>", "target": 10, "value": 5, "level": "low", "target_label": "Target 10",
                 "value_label": "5"},
                {"code": "IK-2", "target": None, "value": None, "level": "none",
                 "target_label": "Target belum ditetapkan", "value_label": "–"},
            ],
            title="Target & realisasi",
        )
    )  # fmt: skip
    assert "IK-&lt;1&gt;" in svg and '<title id="chart-svg-title">Target &amp; realisasi</title>' in svg
    assert 'width="330" height="14" rx="2" class="bar-target"' in svg  # the target is the top of its own scale
    assert 'width="165" height="14" rx="2" class="bar-low"' in svg
    assert "Realisasi –" in svg and "style=" not in svg


def test_dates_use_django_localisation():
    import datetime as dt

    from reports.ranking.selectors import Period, format_day

    assert format_day(dt.date(2024, 8, 17)) == "17 Agustus 2024"
    assert Period.for_range(dt.date(2024, 1, 1), dt.date(2024, 3, 5)).label == "1 Januari 2024 – 5 Maret 2024"
