"""Load at start-up what every worker would otherwise load on its first requests (hubal/wsgi.py calls `warm_up`).

A fresh gunicorn worker answered its first staff list in about 170 ms against 14 ms for the second: it imported
the URLconf and every view, indexed it for `reverse()` (120 ms alone), imported the Redis client (65 ms), read the
Indonesian translation catalogues, and compiled each template it met. At
start, 96 users reaching four fresh workers together queued behind that for about a second. Done here, in the
process that loads the application and before it accepts a request:
- with gunicorn's `--preload` (the load test) the master does it once and the workers fork with it loaded;
- without it (deploy/gunicorn.conf.py, so that a reload starts workers with new code) each worker does it while
  booting, before it accepts connections, and not on a visitor's request.
Nothing here opens a database connection (one opened before a fork would be shared by the workers).
"""

from __future__ import annotations

import logging
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.template import TemplateSyntaxError, engines
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation

log = logging.getLogger(__name__)


def project_templates() -> list[str]:
    """Names of the portal's own templates (templates/ and the apps' templates/ folders under the project)."""
    root = Path(settings.BASE_DIR).resolve()
    engine = engines["django"].engine
    folders = [Path(folder) for folder in engine.dirs]
    for loader in engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            folders += [Path(folder) for folder in inner.get_dirs()]
    names: set[str] = set()
    for folder in {folder.resolve() for folder in folders if folder.is_dir()}:
        if root not in folder.parents or "site-packages" in folder.parts:
            continue  # Django's and third-party templates (the admin's alone are hundreds): compiled when used
        names.update(str(path.relative_to(folder)) for path in folder.rglob("*") if path.suffix in {".html", ".txt"})
    return sorted(names)


def _index_urls(resolver: URLResolver, namespace: str = "") -> None:
    """Build the reverse index of the URLconf (per active language), and of each namespace the one `reverse()`
    reaches it through (django.urls.resolvers.get_ns_resolver): otherwise the first `reverse()` of a process
    into each builds it, about 120 ms of regular expressions in all on the first page."""
    names = [key for key in resolver.reverse_dict if isinstance(key, str)]
    if namespace and names:
        with suppress(NoReverseMatch):  # the name needs arguments: the index is built all the same
            reverse(f"{namespace}:{names[0]}")
    for name, (_prefix, included) in resolver.namespace_dict.items():
        _index_urls(included, f"{namespace}:{name}" if namespace else name)


def warm_up() -> int:
    """Import the URLconf (and with it every view) and index it for `reverse()`, load the translation catalogue,
    import the cache's client library and compile the portal's templates into the cached template loader.
    Returns the number of templates compiled."""
    get_resolver().url_patterns  # noqa: B018 - the access imports the URLconf; a broken import stops the start
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Halaman")  # reads and caches the catalogues of every installed app
        _index_urls(get_resolver())
    for alias in settings.CACHES:  # Redis: import the client library (65 ms) without connecting
        backend = caches[alias]
        if isinstance(backend, RedisCache):
            backend._cache  # noqa: B018 - builds the client; connection pools open on first use
    engine = engines["django"]
    compiled = 0
    for name in project_templates():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:  # reported where the template is used; never stops the start-up
            log.warning("template %s does not compile", name, exc_info=True)
            continue
        compiled += 1
    return compiled
