"""The large run of the any-argument property test (tests/overlay/test_any_argument.py).

Usage: `.venv/bin/python scripts/fuzz_arguments.py [EXAMPLES_PER_METHOD]` (default 1000).
Random (not derandomized) examples against a loopback server; prints the outcome counts
(refused before sending, sent and parsed, sent and answered with an error).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "1000"
    if not examples.isdigit() or int(examples) < 1:
        print("usage: fuzz_arguments.py [EXAMPLES_PER_METHOD]", file=sys.stderr)
        return 2
    env = {**os.environ, "MISTRAL_FUZZ_EXAMPLES": examples}
    command = [sys.executable, "-m", "pytest", "tests/overlay/test_any_argument.py", "-q"]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
