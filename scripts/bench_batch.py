"""Batch runner throughput and memory: `client.batch.run` over 10k and 100k lines.

Usage: python scripts/bench_batch.py [--sizes 10000,100000]

The emulator runs in its own process (it keeps every file in memory, which would hide the
client's), each run in a fresh child process so its peak RSS is its own. Reported per size:
end-to-end lines/s, the client's own time (everything but waiting on job polls, where the
emulator executes the lines), and the child's peak RSS next to a child that only imported
the client. Flat memory means the 100k RSS stays close to the 10k one.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

MODEL = "mistral-small-latest"


def _rows(count: int) -> Iterator[dict[str, Any]]:
    for index in range(count):
        content = f"Summarise item {index} in one line."
        yield {"custom_id": f"row-{index}", "messages": [{"role": "user", "content": content}]}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(count: int, base_url: str) -> dict[str, Any]:
    from mistral_client import Mistral

    if count == 0:  # the baseline: the client imported and built, nothing run
        with Mistral(api_key="bench", base_url=base_url):
            return {"lines": 0, "peak_rss_mb": round(_peak_rss_mb(), 1)}
    polling = 0.0
    with Mistral(api_key="bench", base_url=base_url, timeout=600) as client:
        real_get = client.batch.jobs.get

        def timed_get(job_id: str, **options: Any) -> Any:
            nonlocal polling
            started = time.perf_counter()
            try:
                return real_get(job_id, **options)
            finally:
                polling += time.perf_counter() - started

        client.batch.jobs.get = timed_get  # type: ignore[method-assign]
        started = time.perf_counter()
        results = client.batch.run(_rows(count), model=MODEL, poll_interval=0.05)
        submitted = time.perf_counter()
        ok = failed = 0
        for result in results:
            if result.ok:
                ok += 1
            else:
                failed += 1
        done = time.perf_counter()
        results.close()
    total = done - started
    return {
        "lines": count,
        "results": ok + failed,
        "ok": ok,
        "seconds": round(total, 2),
        "lines_per_s": round(count / total),
        "client_seconds": round(total - polling, 2),
        "client_lines_per_s": round(count / (total - polling)),
        "iterate_seconds": round(done - submitted, 2),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _start_emulator() -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "mistral_client.testing", "--port", "0"]
    command += ["--jobs-advance-on-poll", "--requests-per-minute", "0", "--tokens-per-minute", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return process, line.rsplit(" ", 1)[-1].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", nargs=2, metavar=("LINES", "BASE_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        return 0
    emulator, base_url = _start_emulator()
    rows = []
    try:
        for size in [0, *(int(s) for s in args.sizes.split(","))]:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(size), base_url],
                capture_output=True,
                text=True,
                timeout=1800,
                check=True,
            )
            rows.append(json.loads(done.stdout))
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
    baseline = rows[0]["peak_rss_mb"]
    print(f"batch.run against the emulator (client process only; import baseline {baseline} MB)")
    print(f"{'lines':>8} {'total s':>8} {'lines/s':>8} {'client s':>9} {'client l/s':>11}", end="")
    print(f" {'iterate s':>10} {'peak RSS MB':>12} {'over baseline':>14}")
    for row in rows[1:]:
        assert row["results"] == row["lines"] == row["ok"], row
        print(
            f"{row['lines']:>8} {row['seconds']:>8} {row['lines_per_s']:>8}"
            f" {row['client_seconds']:>9} {row['client_lines_per_s']:>11}"
            f" {row['iterate_seconds']:>10} {row['peak_rss_mb']:>12}"
            f" {round(row['peak_rss_mb'] - baseline, 1):>14}"
        )
    if len(rows) >= 3:
        small, large = rows[1], rows[-1]
        growth = (large["peak_rss_mb"] - baseline) / max(small["peak_rss_mb"] - baseline, 0.1)
        print(
            f"input x{large['lines'] // small['lines']}: RSS over baseline x{growth:.1f}"
            f" ({small['peak_rss_mb']} -> {large['peak_rss_mb']} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
