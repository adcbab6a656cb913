"""The sign-in backend: Django's ModelBackend, loading the signed-in user's office with the user.

Every signed-in page shows the office in the header and most permission checks read it, so the office came
as a second query on every request; here it comes in the same query as the user.
"""

from __future__ import annotations

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("office").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
