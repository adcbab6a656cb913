"""Ranking, IKP alignment, coverage and trends, WhatsApp summary."""

urlpatterns: list = []
