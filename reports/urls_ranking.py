"""Ranking, IKP alignment, coverage and trends, WhatsApp summary."""

from django.urls import path

from .views import coverage, ikp
from .views import ranking as views

urlpatterns = [
    path("peringkat/", views.ranking, name="ranking"),
    path("peringkat/terbit/", views.published_list, name="ranking-published-list"),
    path("peringkat/terbit/<int:pk>/", views.published_detail, name="ranking-published"),
    path("peringkat/terbitkan/", views.publish, name="ranking-publish"),
    path("peringkat/bobot/", views.weights, name="ranking-weights"),
    path("peringkat/ringkasan-whatsapp/", views.whatsapp, name="whatsapp"),
    path("ikp/", ikp.alignment, name="ikp"),
    path("ikp/isi/", ikp.edit, name="ikp-edit"),
    path("ikp/impor/", ikp.import_file, name="ikp-import"),
    path("ikp/templat.csv", ikp.template, name="ikp-template"),
    path("sebaran/", coverage.coverage, name="coverage"),
    path("tren/", coverage.trends, name="trends"),
]
