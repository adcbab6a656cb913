from django.contrib import admin
from django.urls import include, path

from agencies.views import auth as agency_views

admin.site.site_header = "Administrasi Hubal Jabar"
admin.site.site_title = "Hubal Jabar"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", agency_views.home, name="home"),
    path("masuk/", agency_views.LoginView.as_view(), name="login"),
    path("keluar/", agency_views.logout_view, name="logout"),
    path("admin/", admin.site.urls),
    path("", include("agencies.urls")),
    path("laporan/", include("reports.urls")),
    path("akun/", include("accounts.urls")),
]
