from django.urls import path

from . import views

urlpatterns = [
    path("dua-langkah/", views.overview, name="mfa-overview"),
    path("dua-langkah/pasang/", views.setup, name="mfa-setup"),
    path("dua-langkah/kode/", views.verify, name="mfa-verify"),
    path("dua-langkah/kode-cadangan/", views.codes, name="mfa-codes"),
    path("dua-langkah/kode-cadangan/baru/", views.codes_renew, name="mfa-codes-renew"),
    path("dua-langkah/pengguna/", views.users, name="mfa-users"),
    path("dua-langkah/pengguna/<int:pk>/reset/", views.user_reset, name="mfa-user-reset"),
]
