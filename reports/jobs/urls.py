"""Background export jobs: start, status, download, the user's recent jobs."""

from django.urls import path

from . import views

urlpatterns = [
    path("berkas/", views.job_list, name="job-list"),
    path("berkas/siapkan/", views.job_start, name="job-start"),
    path("berkas/<uuid:pk>/", views.job_detail, name="job-detail"),
    path("berkas/<uuid:pk>/unduh/", views.job_download, name="job-download"),
]
