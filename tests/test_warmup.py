"""hubal/warmup.py: what a worker would load on its first requests is loaded when the application starts, without
a database connection (gunicorn's --preload forks the workers after it)."""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.urls.resolvers import get_ns_resolver
from django.utils import translation

from hubal import warmup


def _cached_loader():
    return next(loader for loader in engines["django"].engine.template_loaders if hasattr(loader, "get_template_cache"))


def test_every_portal_template_is_compiled_without_a_database():
    """No django_db mark: any query here would fail the test."""
    names = warmup.project_templates()
    assert "base.html" in names and "agencies/activity_list.html" in names and "includes/page_header.html" in names
    assert not any(name.startswith("admin/") for name in names)  # Django's own are compiled when used
    loader = _cached_loader()
    loader.reset()
    assert warmup.warm_up() == len(names)
    assert set(names) <= set(loader.get_template_cache)


def test_the_url_index_and_the_namespaces_are_built(settings):
    get_ns_resolver.cache_clear()
    get_resolver()._reverse_dict.clear()
    warmup.warm_up()
    assert settings.LANGUAGE_CODE in get_resolver()._reverse_dict
    built = get_ns_resolver.cache_info().misses
    assert built > 0
    with translation.override(settings.LANGUAGE_CODE):
        for name in ("agencies:activity-list", "reports:ranking", "accounts:profile", "api_tokens:list", "admin:index"):
            reverse(name)
    assert get_ns_resolver.cache_info().misses == built  # every namespace's resolver was already built


def test_a_redis_cache_gets_its_client_without_connecting(settings):
    settings.CACHES = {
        "default": settings.CACHES["default"],
        "shared": {"BACKEND": "hubal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},  # nothing listens
    }
    try:
        warmup.warm_up()
        assert "_cache" in caches["shared"].__dict__  # the client exists; no connection was tried
    finally:
        caches["shared"].close()


def test_a_template_that_does_not_compile_is_logged_not_fatal(monkeypatch, caplog):
    engine = engines["django"]
    real = engine.get_template

    def get_template(name):
        if name == "base.html":
            raise TemplateSyntaxError("rusak")
        return real(name)

    monkeypatch.setattr(engine, "get_template", get_template)
    with caplog.at_level(logging.WARNING, logger="hubal.warmup"):
        assert warmup.warm_up() == len(warmup.project_templates()) - 1
    assert "template base.html does not compile" in caplog.text


def test_the_wsgi_application_warms_up_when_imported(monkeypatch):
    """hubal/wsgi.py warms up, then freezes what it loaded (stand-ins here: the test process keeps collecting)."""
    import gc
    import importlib
    import sys

    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm_up") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.delitem(sys.modules, "hubal.wsgi", raising=False)
    module = importlib.import_module("hubal.wsgi")
    assert calls == ["warm_up", "freeze"] and callable(module.application)
