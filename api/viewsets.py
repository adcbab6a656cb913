"""The base of every resource: reads scoped by `agencies.permissions`, ETags, If-Match on writes.

A resource names its model's base queryset (`base_queryset()`); `get_queryset()` passes it through
`agencies.permissions.scope` for the caller, so a list shows what the caller's web list shows and an
object outside the scope is 404. Writes call the same services as the web forms; `expected_version()`
checks If-Match first (428/412) and hands the version on to the service.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from agencies import permissions

from .concurrency import require_if_match, with_etag
from .permissions import WRITE_PERMISSIONS


class ScopedReadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """List and retrieve through the permission boundary; the detail carries an ETag."""

    permission_classes = WRITE_PERMISSIONS
    sync_field = "updated_at"

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return permissions.scope(self.request.user, self.base_queryset())

    def retrieve(self, request, *args, **kwargs) -> Response:
        obj = self.get_object()
        return with_etag(Response(self.get_serializer(obj).data), obj)

    def expected_version(self, obj) -> int | None:
        return require_if_match(self.request, obj)

    def respond(self, obj, status: int = 200) -> Response:
        """The object as read back after a write, with its new ETag."""
        obj = self.get_queryset().get(pk=obj.pk)
        response = with_etag(Response(self.get_serializer(obj).data, status=status), obj)
        if status == 201:
            response["Location"] = self.reverse_action("detail", args=[obj.pk])
        return response
