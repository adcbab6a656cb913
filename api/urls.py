"""The API's URLs, mounted at /api/v1/ (namespace `api`). Resources register on the router; the schema,
Swagger UI and ReDoc are served from local static files (drf-spectacular-sidecar)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .resources.activities import ActivityViewSet
from .resources.agreements import AgreementViewSet
from .resources.events import VerificationEventViewSet
from .resources.evidence import EvidenceViewSet
from .resources.offices import OfficeViewSet
from .resources.partners import PartnerViewSet

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("offices", OfficeViewSet, basename="office")
router.register("partners", PartnerViewSet, basename="partner")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("activities", ActivityViewSet, basename="activity")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("verification-events", VerificationEventViewSet, basename="verification-event")

# ReDoc injects its styles at run time and renders in a web worker started from a blob.
redoc = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("redoc/", redoc, name="redoc"),
    path("", include(router.urls)),
    path("", include("api.urls_sync")),  # changes feed, reports, JDIHN
]
