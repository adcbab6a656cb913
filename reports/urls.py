"""URLs of the reports app (namespace `reports`), assembled from one module per feature package."""

from .coverage.urls import urlpatterns as coverage_urls
from .ikp.urls import urlpatterns as ikp_urls
from .jobs.urls import urlpatterns as job_urls
from .lakip.urls import urlpatterns as lakip_urls
from .ranking.urls import urlpatterns as ranking_urls
from .spreadsheets.urls import urlpatterns as spreadsheet_urls

app_name = "reports"

urlpatterns = [*ranking_urls, *ikp_urls, *coverage_urls, *lakip_urls, *spreadsheet_urls, *job_urls]
