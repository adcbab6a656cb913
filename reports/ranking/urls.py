"""Ranking: the live ranking, published rankings, publishing, weights, the WhatsApp summary."""

from django.urls import path

from . import views

urlpatterns = [
    path("peringkat/", views.ranking, name="ranking"),
    path("peringkat/terbit/", views.published_list, name="ranking-published-list"),
    path("peringkat/terbit/<int:pk>/", views.published_detail, name="ranking-published"),
    path("peringkat/terbitkan/", views.publish, name="ranking-publish"),
    path("peringkat/bobot/", views.weights, name="ranking-weights"),
    path("peringkat/rincian/<str:code>/kegiatan/", views.breakdown_activities, name="ranking-activities"),
    path("peringkat/rincian/<str:code>/kategori-mitra/", views.breakdown_categories, name="ranking-categories"),
    path("peringkat/ringkasan-whatsapp/", views.whatsapp, name="whatsapp"),
]
