"""The official SDK's function-calling and fine-tuning examples, ported, run on the emulator."""

from __future__ import annotations

import json

import pytest

from mistral_client import AsyncMistral, Mistral
from mistral_client.models import JobStatus
from mistral_client.testing import MistralEmulator
from tests.typing.ported_examples import TRAINING_LINE, fine_tuning_jobs, function_calling


def test_function_calling(mistral_emulator: MistralEmulator) -> None:
    with Mistral(api_key="k", base_url=mistral_emulator.base_url) as client:
        printed = function_calling(client)
    assert printed[1].startswith("calling function_name: retrieve_payment_")
    assert all(text for text in printed)
    requests = [r for r in mistral_emulator.requests if r.path == "/v1/chat/completions"]
    assert len(requests) == 3
    history = requests[-1].json["messages"]
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant", "tool"]
    call = history[3]["tool_calls"][0]
    assert history[4]["tool_call_id"] == call["id"]
    assert json.loads(history[4]["content"])["status"]


async def test_fine_tuning_jobs(
    mistral_emulator: MistralEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps(TRAINING_LINE).encode() + b"\n"
    async with AsyncMistral(api_key="k", base_url=mistral_emulator.base_url) as client:
        job = await fine_tuning_jobs(client, line * 3, line)
        assert job.status in (JobStatus.CANCELLATION_REQUESTED, JobStatus.CANCELLED)
        assert (await client.files.list()).total == 0
    printed = capsys.readouterr().out
    assert printed.count("FineTuningJob(") == 4  # created, listed, retrieved, cancelled
    assert printed.count("FineTuningJobList(") == 1
    assert "Unset" not in printed
