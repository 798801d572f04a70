"""generated/ is output: regenerating from openapi.yaml must give exactly what is committed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_code_matches_the_spec() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_the_spec_ships_with_the_generated_package() -> None:
    shipped = ROOT / "generated" / "mistral_generated" / "openapi.yaml"
    assert shipped.read_bytes() == (ROOT / "openapi.yaml").read_bytes()
