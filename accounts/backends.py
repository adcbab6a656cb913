"""The sign-in backend: Django's ModelBackend, loading the signed-in user's office with the user.

Every signed-in page shows the office in the header and most permission checks read it, so the office came
as a second query on every request; here it comes in the same query as the user, or, with a shared cache (Redis),
from that cache without a query (accounts/user_cache.py).
"""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model

from .user_cache import cached_user


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user = cached_user(user_id, lambda: self._load(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _load(user_id):
        model = get_user_model()
        return model._default_manager.select_related("office").filter(pk=user_id).first()
