from django.urls import path

from . import manage_views, onboarding_views, views
from .mfa import urls as mfa_urls

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("lupa-kata-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("lupa-kata-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("atur-ulang/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("atur-ulang/selesai/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("undangan/atur-kata-sandi/", views.invitation_accept, name="invitation-accept"),
    path("undangan/<str:token>/", views.invitation, name="invitation"),
    path("sesi/", views.session_list, name="sessions"),
    path("sesi/keluar-lainnya/", views.session_end_others, name="sessions-end-others"),
    path("sesi/<int:pk>/keluar/", views.session_end, name="session-end"),
    path("kelola/", manage_views.account_list, name="manage-list"),
    path("kelola/baru/", manage_views.account_create, name="manage-create"),
    path("kelola/impor/", onboarding_views.upload, name="onboarding"),
    path("kelola/impor/templat.xlsx", onboarding_views.template, name="onboarding-template"),
    path("kelola/impor/pratinjau/", onboarding_views.preview, name="onboarding-preview"),
    path("kelola/<int:pk>/", manage_views.account_detail, name="manage-detail"),
    path("kelola/<int:pk>/nonaktifkan/", manage_views.account_deactivate, name="manage-deactivate"),
    path("kelola/<int:pk>/aktifkan/", manage_views.account_reactivate, name="manage-reactivate"),
    path("kelola/<int:pk>/buka-kunci/", manage_views.account_unlock, name="manage-unlock"),
    path("kelola/<int:pk>/undang/", manage_views.account_invite, name="manage-invite"),
    *mfa_urls.urlpatterns,
]
