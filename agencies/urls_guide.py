"""The user guide served inside the portal (docs/panduan/)."""

from django.urls import path

from .views import guide

urlpatterns = [
    path("panduan/", guide.guide, name="guide"),
    path("panduan/<slug:slug>/", guide.guide_page, name="guide-page"),
]
