"""Fixed-window request limits on Django's cache framework.

One counter per (bucket, client, window) — ``cache.add`` creates it at 0 and
``cache.incr`` counts, both atomic on the local-memory cache (one lock per process) and on
Redis (SET NX, INCR), so concurrent requests can never pass more than `limit` in a window.
The embedded default is the local-memory cache (counted per process, which is what a
single ``mamori up`` process needs); with several web processes set ``MAMORI_REDIS_URL``
so they share the counters.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches

__all__ = ["Decision", "hit", "limiter_cache"]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int  # requests counted in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def limiter_cache() -> BaseCache:
    return caches[getattr(settings, "MAMORI_API_CACHE", "default")]


def hit(
    *,
    bucket: str,
    key: str,
    limit: int,
    window: int = 60,
    now: float | None = None,
    cache: BaseCache | None = None,
) -> Decision:
    """Count one request of `key` in `bucket`; allowed while at most `limit` per window."""
    cache = cache if cache is not None else limiter_cache()
    now = time.time() if now is None else now
    start = int(now // window) * window
    name = f"api-rl:{bucket}:{key}:{start}"
    count = 0
    for _attempt in range(3):
        cache.add(name, 0, timeout=window + 5)
        try:
            count = cache.incr(name)
            break
        except ValueError:  # expired between add and incr: create it again
            continue
    else:  # pragma: no cover - the cache keeps losing the key: fail closed
        count = limit + 1
    retry_after = max(1, math.ceil(start + window - now))
    return Decision(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)
