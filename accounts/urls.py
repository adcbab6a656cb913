from accounts.mfa import urls as mfa_urls

app_name = "accounts"

urlpatterns = [
    *mfa_urls.urlpatterns,
]
