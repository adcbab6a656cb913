"""The portal's Redis cache backend (hubal/cache.py) against a real Redis: Django's own behaviour, with one
redis-py client per server kept instead of a new one per call."""

import pytest

from hubal.cache import RedisCache

from . import services

pytestmark = pytest.mark.services


@pytest.fixture
def redis_cache():
    if not services.redis_answers():
        if services.REQUIRE_SERVICES:
            pytest.fail("Redis not available (HUBAL_REQUIRE_SERVICES=1: these tests may not be skipped)")
        pytest.skip("Redis not available")
    cache = RedisCache(services.redis_url(), {"KEY_PREFIX": "hubal-test-cache"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b", write=True) is first
    redis_cache.set("a", {"n": 1}, 30)
    redis_cache.set_many({"b": 2, "c": [3]}, 30)
    assert redis_cache.get("a") == {"n": 1}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {"a": {"n": 1}, "b": 2, "c": [3]}
    assert redis_cache.incr("b") == 3
    assert redis_cache.add("a", "other", 30) is False
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"
    assert redis_cache._cache.get_client() is first


def test_replica_reads_use_their_own_client(redis_cache):
    url = services.redis_url()
    cache = RedisCache(f"{url},{url}", {"KEY_PREFIX": "hubal-test-cache"})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader  # the first server takes the writes, the others the reads
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is reader
    cache.set("k", "v", 30)
    assert cache.get("k") == "v"
