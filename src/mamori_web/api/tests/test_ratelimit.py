"""The fixed-window limiter on the local-memory cache and on a real Redis server.

Redis is the production backend of the counters (MAMORI_REDIS_URL); its tests run against
the server on 127.0.0.1:6379 and are skipped, saying so, when none answers there.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from mamori_web.api.ratelimit import hit

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def cache(request: pytest.FixtureRequest) -> Iterator[BaseCache]:
    prefix = f"mamori-test-{uuid.uuid4().hex}"
    if request.param == "locmem":
        backend: BaseCache = LocMemCache(prefix, {})
    else:
        if not _redis_answers():
            pytest.skip("no Redis server answers on 127.0.0.1:6379 (start redis-server to run)")
        backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield backend
    if request.param == "locmem":
        backend.clear()
    else:
        _drop(backend, prefix)


def _drop(backend: BaseCache, prefix: str) -> None:
    client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_a_window_allows_the_limit_then_refuses_until_it_ends(cache: BaseCache) -> None:
    now = 1_000_040.0  # 20 s into a 60 s window (1_000_020 is a window start)
    results = [hit(bucket="scan", key="1", limit=3, now=now, cache=cache) for _ in range(5)]
    assert [r.allowed for r in results] == [True, True, True, False, False]
    assert [r.remaining for r in results] == [2, 1, 0, 0, 0]
    assert results[-1].retry_after == 40
    # another client, another bucket: their own counters
    assert hit(bucket="scan", key="2", limit=3, now=now, cache=cache).allowed
    assert hit(bucket="read", key="1", limit=3, now=now, cache=cache).allowed
    # the next window starts from zero
    assert hit(bucket="scan", key="1", limit=3, now=now + 40, cache=cache).allowed


def test_concurrent_requests_never_pass_more_than_the_limit(cache: BaseCache) -> None:
    allowed: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(40)

    def one() -> None:
        start.wait()
        for _ in range(5):
            decision = hit(bucket="scan", key="busy", limit=50, now=2_000_000.0, cache=cache)
            with lock:
                allowed.append(decision.allowed)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == 200
    assert allowed.count(True) == 50
