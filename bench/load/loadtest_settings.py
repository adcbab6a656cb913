"""Settings of the load-test server (bench/bench_load.py): the portal's own settings, plus

- the cache chosen by LOADTEST_CACHE: a Redis URL (shared by the gunicorn workers), or "dummy" to measure the
  report pages with no figure cache at all (every figure computed);
- a trivial view at /loadtest/ping/ (the same middleware stack, no database work beyond the session-less
  request): the ceiling the other pages are compared with.
Nothing here is used by the portal itself.
"""

import os

from hubal.settings import *  # noqa: F403

_cache = os.environ.get("LOADTEST_CACHE", "")
if _cache == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _cache:
    CACHES = {"default": {"BACKEND": "hubal.cache.RedisCache", "LOCATION": _cache}}
    # As hubal/settings.py does with Redis: cached sessions and the cached signed-in user.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    HUBAL_USER_CACHE_SECONDS = 5 * 60

ROOT_URLCONF = "loadtest_urls"
# Plain HTTP on loopback: no TLS redirect or secure-only cookies; static files are not requested.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
