"""Coverage (partner categories × offices, national MoU flow-down) and quarterly trends."""

from django.urls import path

from . import views

urlpatterns = [
    path("sebaran/", views.coverage, name="coverage"),
    path("tren/", views.trends, name="trends"),
]
