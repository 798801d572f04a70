"""Every ```python block of README.md passes `mypy --strict` untouched, with no ignores.

User code is the test of the types: each block is checked as its own module, as a user would
paste it, with only `client`, `async_client` and `messages` declared (the README says so).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.typing._mypy import PRELUDE_LINES, README, as_module, check, python_blocks

IGNORE = re.compile(r"#\s*type:\s*ignore")


def test_readme_has_python_examples() -> None:
    assert len(python_blocks(README.read_text(encoding="utf-8"))) >= 8


def test_readme_examples_have_no_type_ignores() -> None:
    for block in python_blocks(README.read_text(encoding="utf-8")):
        assert not IGNORE.search(block.code), f"README.md:{block.line}: a type: ignore"


def test_readme_examples_pass_mypy_strict(tmp_path: Path) -> None:
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    files = {f"readme_block_{b.line}.py": as_module(b) for b in blocks}
    errors = check(files, tmp_path)
    located = []
    for error in errors:
        match = re.match(r"readme_block_(\d+)\.py:(\d+): (.*)", error)
        assert match, error
        start, line, message = int(match[1]), int(match[2]), match[3]
        located.append(f"README.md:{start + line - PRELUDE_LINES - 1}: {message}")
    assert not located, "\n".join(located)


def test_the_check_catches_a_type_error(tmp_path: Path) -> None:
    """The harness can fail: a wrong attribute in a block is reported."""
    bad = python_blocks("```python\nreply = client.models.list()\nreply.nope\n```\n")
    errors = check({"bad.py": as_module(bad[0])}, tmp_path)
    assert any('has no attribute "nope"' in error for error in errors), errors
