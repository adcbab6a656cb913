"""The portal's URLs plus the trivial ceiling view of the load test."""

from django.http import HttpResponse
from django.urls import include, path


def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("loadtest/ping/", ping), path("", include("hubal.urls"))]
