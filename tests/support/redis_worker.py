"""One worker process of the Redis sharing tests; prints a JSON summary on stdout.

python -m tests.support.redis_worker budget BASE_URL REDIS_URL CALLS
python -m tests.support.redis_worker trip BASE_URL REDIS_URL
"""

from __future__ import annotations

import json
import sys

from mistral_client import CircuitBreakerConfig, Mistral, RateLimitConfig, errors
from tests.conftest import CANARY_KEY


def budget(base_url: str, redis_url: str, calls: int) -> dict[str, int]:
    """`calls` requests against a shared 6-per-minute budget, never waiting."""
    config = RateLimitConfig(requests_per_minute=6, block=False, storage_uri=redis_url)
    sent = refused = refused_after_sending = 0
    with Mistral(api_key=CANARY_KEY, base_url=base_url, max_retries=0, rate_limit=config) as c:
        for _ in range(calls):
            try:
                c.models.list()
                sent += 1
            except errors.RateLimitError as exc:
                refused += 1
                refused_after_sending += exc.attempts
    return {"sent": sent, "refused": refused, "refused_after_sending": refused_after_sending}


def trip(base_url: str, redis_url: str) -> dict[str, int]:
    """Fail twice in a row against a breaker of threshold 2 kept in Redis."""
    config = CircuitBreakerConfig(failure_threshold=2, storage_uri=redis_url)
    failed = 0
    with Mistral(api_key=CANARY_KEY, base_url=base_url, max_retries=0, circuit_breaker=config) as c:
        for _ in range(2):
            try:
                c.models.list()
            except errors.ServiceUnavailableError:
                failed += 1
    return {"failed": failed}


def main(argv: list[str]) -> None:
    mode, base_url, redis_url, *rest = argv
    result = (
        budget(base_url, redis_url, int(rest[0])) if mode == "budget" else trip(base_url, redis_url)
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
