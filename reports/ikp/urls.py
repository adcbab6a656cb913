"""IKP alignment, entry form, file import and its template."""

from django.urls import path

from . import views

urlpatterns = [
    path("ikp/", views.alignment, name="ikp"),
    path("ikp/isi/", views.edit, name="ikp-edit"),
    path("ikp/impor/", views.import_file, name="ikp-import"),
    path("ikp/templat.csv", views.template, name="ikp-template"),
]
