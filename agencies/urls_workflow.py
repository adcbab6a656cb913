"""Verification (submit, queue, verify, return, bulk actions) and expiry reminders."""

urlpatterns: list = []
