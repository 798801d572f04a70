"""The `mistral` command line (console script and `python -m mistral_client`).

Usage: `mistral chat "Hello"`, `mistral batch run prompts.jsonl -m mistral-small-latest`.
Needs the `cli` extra (click, rich); imported only when the command runs, so
`import mistral_client` never loads it.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        from ._app import cli
    except ImportError as exc:  # pragma: no cover - depends on the environment
        print(
            f"mistral: the command line needs the 'cli' extra ({exc.name} is missing): "
            "pip install 'mistral-client[cli]'",
            file=sys.stderr,
        )
        return 2
    try:
        cli.main(args=argv, prog_name="mistral")
    except SystemExit as done:  # click ends every run with sys.exit
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0  # pragma: no cover - click always exits
