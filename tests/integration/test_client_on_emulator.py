"""The public client against the emulator, through the `mistral_emulator` pytest fixture that
users get by installing the package: real HTTP on loopback, both sides ours."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from mistral_client import AsyncMistral, Mistral, errors
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import Api

KEY = "emulator-key"
USER = [{"role": "user", "content": "What is the weather in Lyon?"}]
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer", "minimum": 1},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "days"],
        },
    },
}


async def test_chat_reply_and_usage(emu_api: Api) -> None:
    reply = await emu_api.call("chat.complete", model="mistral-small-latest", messages=USER)
    assert reply.object_ == "chat.completion"
    assert "Lyon" in reply.choices[0].message.content
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


async def test_forced_tool_call_satisfies_the_tool_schema(emu_api: Api) -> None:
    reply = await emu_api.call(
        "chat.complete",
        model="mistral-small-latest",
        messages=USER,
        tools=[WEATHER],
        tool_choice="any",
    )
    choice = reply.choices[0]
    assert str(choice.finish_reason) == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_weather"
    jsonschema.validate(json.loads(call.function.arguments), WEATHER["function"]["parameters"])  # type: ignore[index]


async def test_json_schema_reply_satisfies_the_schema(emu_api: Api) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "year": {"type": "integer"}},
        "required": ["name", "year"],
    }
    reply = await emu_api.call(
        "chat.complete",
        model="mistral-small-latest",
        messages=[{"role": "user", "content": "A famous cheese and its year."}],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "cheese", "schema": schema},
        },
    )
    jsonschema.validate(json.loads(reply.choices[0].message.content), schema)


async def test_max_tokens_cuts_with_finish_reason_length(emu_api: Api) -> None:
    reply = await emu_api.call(
        "chat.complete", model="mistral-small-latest", messages=USER, max_tokens=1
    )
    assert str(reply.choices[0].finish_reason) == "length"
    assert reply.usage.completion_tokens == 1


async def test_embeddings_are_deterministic_unit_vectors(emu_api: Api) -> None:
    first = await emu_api.call("embeddings.create", model="mistral-embed", input=["a", "b", "a"])
    vectors = [item.embedding for item in first.data]
    assert [len(v) for v in vectors] == [1024] * 3
    assert vectors[0] == vectors[2] != vectors[1]
    assert sum(x * x for x in vectors[0]) == pytest.approx(1.0, rel=1e-6)


async def test_fim_answers_in_the_chat_shape(emu_api: Api) -> None:
    reply = await emu_api.call(
        "fim.complete", model="codestral-latest", prompt="def add(a, b):\n    ", suffix="\n"
    )
    assert reply.object_ == "chat.completion"
    assert isinstance(reply.choices[0].message.content, str)


async def test_file_round_trip_and_pagination(emu_api: Api, tmp_path: Any) -> None:
    content = b'{"custom_id": "1", "body": {"messages": []}}\n'
    ids = []
    for index in range(3):
        uploaded = await emu_api.call(
            "files.upload", file=(f"f{index}.jsonl", content), purpose="batch"
        )
        ids.append(uploaded.id)
    assert await emu_api.call("files.download", ids[0]) == content
    target = await emu_api.call("files.download", ids[1], to=tmp_path / "copy.jsonl")
    assert target.read_bytes() == content
    listed = await emu_api.collect("files.iter_all", page_size=2, purpose="batch")
    assert sorted(f.id for f in listed) == sorted(ids)
    deleted = await emu_api.call("files.delete", ids[2])
    assert deleted.deleted is True
    with pytest.raises(errors.NotFoundError):
        await emu_api.call("files.retrieve", ids[2])


async def test_batch_job_end_to_end(emu_api: Api, mistral_emulator: MistralEmulator) -> None:
    lines = [
        {"custom_id": "ok", "body": {"messages": [{"role": "user", "content": "Hi"}]}},
        {"custom_id": "bad", "body": {"messages": []}},
    ]
    payload = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    batch_file = await emu_api.call("files.upload", file=("b.jsonl", payload), purpose="batch")
    job = await emu_api.call(
        "batch.jobs.create",
        input_files=[batch_file.id],
        endpoint="/v1/chat/completions",
        model="mistral-small-latest",
    )
    assert str(job.status) == "QUEUED"
    for _ in range(20):
        mistral_emulator.advance(60)
        job = await emu_api.call("batch.jobs.get", job.id)
        if str(job.status) == "SUCCESS":
            break
    assert str(job.status) == "SUCCESS"
    assert (job.total_requests, job.succeeded_requests, job.failed_requests) == (2, 1, 1)
    output = (await emu_api.call("files.download", job.output_file)).decode().splitlines()
    result = json.loads(output[0])
    assert result["custom_id"] == "ok"
    assert result["response"]["status_code"] == 200
    assert isinstance(job.error_file, str)


async def test_fine_tuning_job_reaches_success_and_adds_the_model(
    emu_api: Api, mistral_emulator: MistralEmulator
) -> None:
    line = {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}
    training = await emu_api.call(
        "files.upload", file=("t.jsonl", json.dumps(line).encode() + b"\n"), purpose="fine-tune"
    )
    job = await emu_api.call(
        "fine_tuning.jobs.create",
        model="open-mistral-nemo",
        training_files=[training.id],
        hyperparameters={"training_steps": 1},
        suffix="it",
    )
    seen = [str(job.status)]
    for _ in range(20):
        mistral_emulator.advance(10)
        job = await emu_api.call("fine_tuning.jobs.get", job.id)
        if seen[-1] != str(job.status):
            seen.append(str(job.status))
    assert seen == ["QUEUED", "VALIDATING", "RUNNING", "SUCCESS"]
    models = await emu_api.call("models.list")
    assert job.fine_tuned_model in {model.id for model in models.data}


async def test_agent_lifecycle(emu_api: Api) -> None:
    agent = await emu_api.call(
        "agents.create", model="mistral-small-latest", name="helper", instructions="Be brief."
    )
    reply = await emu_api.call("agents.complete", agent_id=agent.id, messages=USER)
    assert reply.choices[0].message.content
    updated = await emu_api.call("agents.update", agent.id, description="v2")
    assert updated.description == "v2"
    assert agent.id in {a.id for a in await emu_api.collect("agents.iter_all", page_size=1)}
    assert await emu_api.call("agents.delete", agent.id) is None
    with pytest.raises(errors.NotFoundError):
        await emu_api.call("agents.get", agent.id)


async def test_moderation_flags_violence(emu_api: Api) -> None:
    result = await emu_api.call(
        "classifiers.moderate", model="mistral-moderation-latest", input=["I will kill you"]
    )
    assert result.results[0].categories.violence_and_threats is True


@pytest.mark.mistral_emulator(api_key=KEY)
async def test_wrong_key_is_401(mistral_emulator: MistralEmulator) -> None:
    async with AsyncMistral(api_key="wrong", base_url=mistral_emulator.base_url) as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            await client.models.list()
    assert caught.value.status_code == 401
    assert caught.value.message == "Unauthorized"


async def test_unknown_field_through_extra_body_is_422_extra_forbidden(emu_api: Api) -> None:
    with pytest.raises(errors.UnprocessableEntityError) as caught:
        await emu_api.call(
            "chat.complete",
            model="mistral-small-latest",
            messages=USER,
            extra_body={"safe_mode": True},
        )
    assert caught.value.param == "safe_mode"
    assert caught.value.details[0]["type"] == "extra_forbidden"


async def test_injected_faults_are_retried(mistral_emulator: MistralEmulator) -> None:
    delays: list[float] = []
    mistral_emulator.inject(Fault.error(503, retry_after=1), path="/v1/models", times=2)
    with Mistral(api_key=KEY, base_url=mistral_emulator.base_url, max_retries=3) as client:
        client._transport.sleep = delays.append
        assert client.models.list().data
    assert delays == [1.0, 1.0]
    assert [r.path for r in mistral_emulator.requests].count("/v1/models") == 3


async def test_gateway_html_502_is_a_typed_error(mistral_emulator: MistralEmulator) -> None:
    mistral_emulator.inject(Fault.error(502), path="/v1/embeddings")
    with (
        Mistral(api_key=KEY, base_url=mistral_emulator.base_url, max_retries=0) as client,
        pytest.raises(errors.BadGatewayError) as caught,
    ):
        client.embeddings.create(model="mistral-embed", input="x")
    assert "<html" in caught.value.body.lower()
