"""The public agreement catalogue: the only pages of the portal open without signing in."""

from django.urls import path

from .views import catalogue

urlpatterns = [
    path("katalog-kerja-sama/", catalogue.catalogue, name="catalogue"),
    path("katalog-kerja-sama/<int:pk>/", catalogue.catalogue_detail, name="catalogue-detail"),
    path("katalog-kerja-sama/<int:pk>/dokumen/", catalogue.catalogue_document, name="catalogue-document"),
]
