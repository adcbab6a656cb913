"""URLs of the agencies app (namespace `agencies`), assembled from one module per feature area."""

from .urls_catalogue import urlpatterns as catalogue_urls
from .urls_guide import urlpatterns as guide_urls
from .urls_records import urlpatterns as record_urls
from .urls_workflow import urlpatterns as workflow_urls

app_name = "agencies"

urlpatterns = [*record_urls, *workflow_urls, *guide_urls, *catalogue_urls]
