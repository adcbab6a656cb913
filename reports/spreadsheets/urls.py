"""Imports (templates, preview, confirm) and list exports."""

from django.urls import path

from . import export_views as exports
from . import views as imports

urlpatterns: list = [
    path("impor/", imports.import_start, name="import-start"),
    path("impor/templat/<str:kind>/", imports.import_template, name="import-template"),
    path("impor/pratinjau/", imports.import_preview, name="import-preview"),
    path("impor/simpan/", imports.import_confirm, name="import-confirm"),
    path("ekspor/<str:kind>/", exports.list_export, name="list-export"),
]
