"""Deployment checks (`manage.py check --deploy`): settings that work on one server but break on several."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")

W001 = Warning(
    "Stored files are in a bucket (several app servers) but the cache is per process.",
    hint="Set CACHE_URL to the shared Redis: rate limits and import claims must be counted once for all servers.",
    id="operations.W001",
)


@register(Tags.caches, deploy=True)
def shared_cache_with_shared_storage(app_configs, **kwargs):
    if settings.HUBAL_STORAGE_BACKEND == "s3" and settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [W001]
    return []
