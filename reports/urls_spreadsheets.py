"""Imports (templates, preview, confirm) and list exports."""

urlpatterns: list = []
