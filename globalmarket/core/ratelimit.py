"""Fixed-window counters on the cache; atomic on Redis (INCR), so concurrent hits all count."""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Window:
    count: int
    retry_after: int


def _key(name: str) -> str:
    return f"rl:{name}"


def hit(name: str, *, window: int) -> Window:
    """Count one event in the window and return the new count."""
    key = _key(name)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    return Window(count=count, retry_after=_ttl(key, window))


def peek(name: str, *, window: int) -> Window:
    key = _key(name)
    return Window(count=int(cache.get(key) or 0), retry_after=_ttl(key, window))


def reset(name: str) -> None:
    cache.delete(_key(name))


def _ttl(key: str, window: int) -> int:
    ttl = getattr(cache, "ttl", None)
    if ttl is not None:
        remaining = ttl(key)
        if isinstance(remaining, int) and remaining > 0:
            return remaining
    return window
