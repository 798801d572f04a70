"""``python -m mistral_client.testing``: run the emulator until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

from ._emulator import MistralEmulator
from ._faults import parse_rule


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mistral_client.testing",
        description="Serve a local emulator of the Mistral AI API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument("--api-key", help="the only key accepted (default: any non-empty key)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated ids")
    parser.add_argument(
        "--job-step-seconds", type=float, default=10.0, help="seconds per job step (wall time)"
    )
    parser.add_argument(
        "--jobs-advance-on-poll", action="store_true", help="step a job each time it is fetched"
    )
    parser.add_argument("--requests-per-minute", type=int, default=1000, help="0: unlimited")
    parser.add_argument("--tokens-per-minute", type=int, default=5_000_000, help="0: unlimited")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, e.g. path=/v1/chat/completions,status=503,shape=html,times=2"
        " (keys: path method times status shape retry_after latency stall_after cut_after"
        " malformed)",
    )
    return parser


def main(argv: Sequence[str] | None = None, stop: threading.Event | None = None) -> int:
    """Run until SIGINT/SIGTERM (or until `stop` is set, for embedding and tests)."""
    args = _parser().parse_args(argv)
    try:
        rules = [parse_rule(spec) for spec in args.fault]
    except ValueError as exc:
        print(f"error: --fault: {exc}", file=sys.stderr)
        return 2
    emulator = MistralEmulator(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        seed=args.seed,
        clock=time.time,
        job_step_seconds=args.job_step_seconds,
        jobs_advance_on_poll=args.jobs_advance_on_poll,
        requests_per_minute=args.requests_per_minute or None,
        tokens_per_minute=args.tokens_per_minute or None,
    )
    for rule in rules:
        emulator.inject(rule.fault, path=rule.path, method=rule.method, times=rule.remaining)
    done = stop or threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with emulator:
            print(f"Mistral API emulator listening on {emulator.base_url}", flush=True)
            while not done.wait(0.2):
                pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Mistral API emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
