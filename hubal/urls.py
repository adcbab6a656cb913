from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from accounts import signin_views
from agencies.views import home as home_views
from api.fallback import api_not_found

admin.site.site_header = "Administrasi Hubal Jabar"
admin.site.site_title = "Hubal Jabar"
admin.site.index_title = "Administrasi"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("masuk/", signin_views.LoginView.as_view(), name="login"),
    path("keluar/", signin_views.logout_view, name="logout"),
    # One sign-in page for everyone, so the admin cannot be entered with the password alone.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("", include("agencies.urls")),
    path("laporan/", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("token-api/", include("api.tokens.urls")),
    # Keep last: any other address under /api/ answers JSON 404 (add API routes above or in api/urls.py).
    re_path(r"^api/", api_not_found),
]
