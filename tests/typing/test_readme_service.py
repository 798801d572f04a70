"""The README-written service (tests/typing/readme_service.py) runs against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mistral_client import Mistral
from mistral_client.testing import MistralEmulator
from tests.typing import readme_service


def test_the_service_runs(
    mistral_emulator: MistralEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}
    training = tmp_path / "train.jsonl"
    training.write_text(json.dumps(line) + "\n", encoding="utf-8")
    readme_service.main(Mistral(api_key="k", base_url=mistral_emulator.base_url), str(training))
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith(" stop")
    assert printed[2] == "Brie is soft"
    assert printed[-1].startswith("job ")
    assert printed[-1].endswith(" QUEUED")
    operations = {r.operation for r in mistral_emulator.requests}
    assert {"chat_complete", "embeddings_create", "jobs_create", "agents_complete"} <= operations
