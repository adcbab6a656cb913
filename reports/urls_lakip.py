"""LAKIP: indicators, targets, realisation, Capaian Kinerja, workbook."""

urlpatterns: list = []
