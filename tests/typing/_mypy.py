"""Run `mypy --strict` on snippets of user code, the way a user's project would see the package."""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FENCE = re.compile(r"^```python\n(.*?)^```", re.M | re.S)

# Names the README's examples use without defining them (the README says so above its
# first example). Declared, not built: mypy only needs their types.
PRELUDE = """\
from mistral_client import AsyncMistral, Mistral
from mistral_client.models import Message
from mistral_client.testing import MistralEmulator

client: Mistral
async_client: AsyncMistral
messages: list[Message]
emu: MistralEmulator
"""


@dataclass(frozen=True)
class Block:
    """One ```python block of a markdown file."""

    line: int  # 1-based line of its first code line in the file
    code: str


def python_blocks(markdown: str) -> list[Block]:
    blocks = []
    for match in FENCE.finditer(markdown):
        line = markdown.count("\n", 0, match.start(1)) + 1
        blocks.append(Block(line, match.group(1)))
    return blocks


def as_module(block: Block) -> str:
    """The block inside an async function, so top-level `await` / `async with` are valid.

    The prelude and the wrapper take PRELUDE_LINES lines; error line numbers are shifted back.
    """
    body = textwrap.indent(block.code, "    ") if block.code.strip() else "    pass\n"
    return f"{PRELUDE}\n\nasync def _example() -> None:\n{body}"


PRELUDE_LINES = PRELUDE.count("\n") + 3


def check(files: dict[str, str], workdir: Path) -> list[str]:
    """mypy --strict errors for the given {file name: source}, as 'name:line: message'."""
    paths = []
    for name, source in files.items():
        path = workdir / name
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    stdout, stderr, _status = api.run(
        [
            "--strict",
            "--no-error-summary",
            "--hide-error-context",
            "--python-version",
            f"{sys.version_info.major}.{sys.version_info.minor}",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            *paths,
        ]
    )
    lines = [line for line in (stdout + stderr).splitlines() if ": error:" in line]
    return [line.replace(str(workdir) + "/", "") for line in lines]
