"""Fault campaign: N mixed calls, sync and async, against the emulator with random faults.

Proves that nothing hangs, nothing untyped escapes and no create is duplicated:

    python scripts/fault_campaign.py --calls 10000 --fault-rate 0.2

`--redis URL` keeps the breaker and rate-limit state in a Redis (shared mode).
Calls mix completions, embeddings, reads and creates (files, agents); half run on a sync
client in threads, half on an async client. Faults (5xx, 429 + Retry-After, resets before
and after the server read the request, stalls, cut and malformed bodies, latency) hit
`--fault-rate` of the requests at random (seeded). Reported: succeeded, typed errors by
class, untyped errors, hangs, duplicate creates (from the emulator's request log), and the
longest call against its deadline. Exit status 1 when untyped errors, hangs or duplicates
are not all 0. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from mistral_client import (
    AsyncMistral,
    CircuitBreakerConfig,
    Mistral,
    RateLimitConfig,
    RetryConfig,
    errors,
)
from mistral_client.testing import Fault, MistralEmulator

KEY = "sk-campaign"
CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hello"}]}
# (fault, share of the injected faults)
FAULTS: list[tuple[Fault, float]] = [
    (Fault.error(500), 1),
    (Fault.error(502), 1),
    (Fault.error(503), 1),
    (Fault.error(429, retry_after="0.05"), 1),
    (Fault.reset(), 1),  # processed, then reset: the dangerous one for creates
    (Fault.reset_unprocessed(), 1),
    (Fault.cut(after=8), 1),
    (Fault.malformed_json(), 1),
    (Fault.stall(after=4), 0.5),  # each costs a read timeout
    (Fault.delay(0.05), 0.5),
]
KINDS = ("chat", "embeddings", "models", "files.list", "files.upload", "agents.create")
CREATES = ("files.upload", "agents.create")


@dataclass
class Report:
    calls: int
    fault_rate: float
    deadline: float
    succeeded: int = 0
    typed_errors: dict[str, int] = field(default_factory=dict)
    untyped_errors: dict[str, int] = field(default_factory=dict)
    hangs: int = 0
    duplicate_creates: int = 0
    creates_sent: int = 0
    creates_processed: int = 0
    may_have_been_processed: int = 0
    requests_seen: int = 0
    faults_injected: int = 0
    longest_call: float = 0.0
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not self.untyped_errors and self.hangs == 0 and self.duplicate_creates == 0


@dataclass
class _Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    outcomes: Counter[str] = field(default_factory=Counter)
    untyped: Counter[str] = field(default_factory=Counter)
    hangs: int = 0
    processed_flags: int = 0
    longest: float = 0.0

    def add(self, outcome: BaseException | None, elapsed: float, hang_after: float) -> None:
        with self.lock:
            self.longest = max(self.longest, elapsed)
            if elapsed > hang_after:
                self.hangs += 1
            if outcome is None:
                self.outcomes["ok"] += 1
            elif isinstance(outcome, errors.MistralError):
                self.outcomes[type(outcome).__name__] += 1
                self.processed_flags += outcome.may_have_been_processed
            else:
                self.untyped[f"{type(outcome).__name__}: {outcome}"[:120]] += 1


def _call(client: Any, kind: str, marker: str) -> Any:
    """One call of `kind` (awaitable on the async client)."""
    if kind == "chat":
        return client.chat.complete(**CHAT)
    if kind == "embeddings":
        return client.embeddings.create(model="mistral-embed", input=["a", "b"])
    if kind == "models":
        return client.models.list()
    if kind == "files.list":
        return client.files.list()
    if kind == "files.upload":
        return client.files.upload(file=(f"{marker}.jsonl", b'{"x": 1}\n'), purpose="batch")
    return client.agents.create(model="mistral-small-latest", name=marker)


def _options(deadline: float, redis_url: str | None) -> dict[str, Any]:
    return {
        "api_key": KEY,
        "max_retries": 3,
        "timeout": 1.0,
        "deadline": deadline,
        "retry": RetryConfig(initial_delay=0.01, max_delay=0.1),
        # A short recovery so a run of faults opens the circuit briefly, not for 30 s.
        "circuit_breaker": CircuitBreakerConfig(recovery_timeout=0.2, storage_uri=redis_url),
        # Budgets the campaign never reaches: counting (in Redis too) without waiting.
        "rate_limit": RateLimitConfig(
            requests_per_minute=10**7, tokens_per_minute=10**10, storage_uri=redis_url
        ),
    }


def _plan(calls: int, seed: int) -> list[tuple[str, str, bool]]:
    """(kind, marker, on the async client) for every call, reproducibly."""
    rng = random.Random(seed)
    return [
        (
            rng.choice(KINDS),
            f"c{index}-{rng.getrandbits(32):08x}",
            index % 2 == 1,
        )
        for index in range(calls)
    ]


def run_campaign(
    calls: int = 1000,
    fault_rate: float = 0.2,
    *,
    seed: int = 7,
    deadline: float = 8.0,
    threads: int = 8,
    tasks: int = 8,
    progress: Callable[[str], None] | None = None,
    redis_url: str | None = None,
) -> Report:
    """Run the campaign on a fresh emulator and return its report."""
    report = Report(calls=calls, fault_rate=fault_rate, deadline=deadline)
    plan = _plan(calls, seed)
    tally = _Tally()
    hang_after = deadline + 2.0
    started = time.perf_counter()
    with MistralEmulator(seed=seed, requests_per_minute=None, tokens_per_minute=None) as emu:
        total_share = sum(share for _, share in FAULTS)
        # Rules are tried in order: rule i fires with p_i so the chance of any is fault_rate.
        left = fault_rate
        rules = []
        for fault, share in FAULTS:
            wanted = fault_rate * share / total_share
            probability = min(1.0, wanted / max(1e-9, (1 - (fault_rate - left))))
            left -= wanted
            rules.append(emu.inject(fault, times=None, probability=probability))

        def timed_sync(client: Mistral, kind: str, marker: str) -> None:
            begin = time.perf_counter()
            outcome: BaseException | None = None
            try:
                _call(client, kind, marker)
            except BaseException as exc:  # the campaign counts everything
                outcome = exc
            tally.add(outcome, time.perf_counter() - begin, hang_after)

        async def timed_async(client: AsyncMistral, kind: str, marker: str) -> None:
            begin = time.perf_counter()
            outcome: BaseException | None = None
            try:
                await _call(client, kind, marker)
            except Exception as exc:  # the campaign counts everything
                outcome = exc
            tally.add(outcome, time.perf_counter() - begin, hang_after)

        sync_jobs = [(k, m) for k, m, is_async in plan if not is_async]
        async_jobs = [(k, m) for k, m, is_async in plan if is_async]

        def run_sync() -> None:
            with (
                Mistral(base_url=emu.base_url, **_options(deadline, redis_url)) as client,
                ThreadPoolExecutor(threads) as pool,
            ):
                list(pool.map(lambda job: timed_sync(client, *job), sync_jobs))

        async def run_async() -> None:
            options = _options(deadline, redis_url)
            async with AsyncMistral(base_url=emu.base_url, **options) as client:
                queue = list(reversed(async_jobs))

                async def worker() -> None:
                    while queue:
                        await timed_async(client, *queue.pop())

                await asyncio.gather(*(worker() for _ in range(tasks)))

        # Bounded in time whatever happens: past the limit the emulator stops, which ends
        # every stalled answer, and the calls still running then count as hangs.
        limit = 60.0 + calls * deadline / (threads + tasks) / 4
        watchdog = threading.Timer(limit, emu.stop)
        watchdog.start()
        sync_thread = threading.Thread(target=run_sync, name="campaign-sync")
        sync_thread.start()
        asyncio.run(run_async())
        sync_thread.join()
        watchdog.cancel()
        requests = emu.requests
        report.faults_injected = sum(rule.hits for rule in rules)
    report.seconds = time.perf_counter() - started
    report.requests_seen = len(requests)
    markers = {m for k, m, _ in plan if k in CREATES}
    processed: Counter[str] = Counter()
    sent: Counter[str] = Counter()
    for record in requests:
        if record.method != "POST" or record.operation not in ("files_upload", "agents_create"):
            continue
        marker = _marker_of(record.form, record.json)
        if marker not in markers:
            continue
        sent[marker] += 1
        if 200 <= record.status < 300 or record.status == -1:  # -1: processed, then reset
            processed[marker] += 1
    report.creates_sent = sum(sent.values())
    report.creates_processed = sum(processed.values())
    report.duplicate_creates = sum(count - 1 for count in processed.values() if count > 1)
    report.succeeded = tally.outcomes.pop("ok", 0)
    report.typed_errors = dict(tally.outcomes.most_common())
    report.untyped_errors = dict(tally.untyped)
    report.hangs = tally.hangs
    report.may_have_been_processed = tally.processed_flags
    report.longest_call = tally.longest
    if progress is not None:
        progress(json.dumps(asdict(report)))
    return report


def _marker_of(form: dict[str, str], body: Any) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("name"), str):
        return str(body["name"])
    described = form.get("file", "")
    if described.startswith("<file '"):
        return described[len("<file '") :].split(".jsonl", 1)[0]
    return None


def _summary(report: Report) -> str:
    typed = sum(report.typed_errors.values())
    untyped = sum(report.untyped_errors.values())
    return "\n".join(
        [
            f"fault campaign: {report.calls} calls, {report.fault_rate:.0%} faults, "
            f"{report.seconds:.1f} s, {report.requests_seen} requests, "
            f"{report.faults_injected} faults injected",
            f"  succeeded          {report.succeeded}",
            f"  typed errors       {typed}  {report.typed_errors}",
            f"  untyped errors     {untyped}  {report.untyped_errors}",
            f"  hangs              {report.hangs}",
            f"  creates            {report.creates_sent} sent, "
            f"{report.creates_processed} processed",
            f"  duplicate creates  {report.duplicate_creates}",
            f"  may_have_been_processed on {report.may_have_been_processed} errors",
            f"  longest call       {report.longest_call:.2f} s (deadline {report.deadline:g} s)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--deadline", type=float, default=8.0)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--redis", metavar="URL", help="keep breaker and rate-limit state in this Redis"
    )
    args = parser.parse_args(argv)
    if not (1 <= args.calls <= 100_000 and 0 <= args.fault_rate <= 1):
        parser.error("--calls must be 1..100000 and --fault-rate 0..1")
    report = run_campaign(
        args.calls, args.fault_rate, seed=args.seed, deadline=args.deadline, redis_url=args.redis
    )
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        print(_summary(report))
    return 0 if report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
