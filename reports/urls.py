"""URLs of the reports app (namespace `reports`), assembled from one module per feature area."""

from .urls_lakip import urlpatterns as lakip_urls
from .urls_ranking import urlpatterns as ranking_urls
from .urls_spreadsheets import urlpatterns as spreadsheet_urls

app_name = "reports"

urlpatterns = [*ranking_urls, *lakip_urls, *spreadsheet_urls]
