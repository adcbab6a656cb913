"""URLs of the changes feed, the report and the JDIHN endpoints, included by `api.urls` (namespace `api`)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from .changes.views import ChangesView
from .jdihn.views import JdihnFeedView
from .reports.views import IkpView, LakipView, PublishedRankingViewSet

router = SimpleRouter(trailing_slash=True)
router.register("reports/rankings", PublishedRankingViewSet, basename="ranking")

urlpatterns = [
    path("changes/", ChangesView.as_view(), name="changes"),
    path("reports/lakip/", LakipView.as_view(), name="lakip"),
    path("reports/ikp/", IkpView.as_view(), name="ikp"),
    path("jdihn/", JdihnFeedView.as_view(), name="jdihn"),
    *router.urls,
]
