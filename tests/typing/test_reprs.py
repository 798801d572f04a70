"""No public repr shows `Unset` or the generated package's name."""

from __future__ import annotations

import json
from typing import Any

import mistral_client.models as models
from mistral_client import Mistral
from mistral_client.testing import MistralEmulator

FORBIDDEN = ("Unset", "mistral_generated")
USER = [{"role": "user", "content": "Hi"}]


def results(client: Mistral) -> list[Any]:
    """One result of each kind a user prints while exploring the API."""
    line = {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}
    training = client.files.upload(file=("t.jsonl", json.dumps(line).encode()), purpose="fine-tune")
    agent = client.agents.create(model="mistral-small-latest", name="a")
    return [
        client.chat.complete(model="mistral-small-latest", messages=USER),
        client.fim.complete(model="codestral-latest", prompt="def f():"),
        client.embeddings.create(model="mistral-embed", input="a"),
        client.models.list(),
        training,
        client.files.list(),
        client.fine_tuning.jobs.create(
            model="open-mistral-nemo",
            training_files=[training.id],
            hyperparameters={"training_steps": 1},
        ),
        agent,
        client.agents.complete(agent_id=agent.id, messages=USER),
        client.classifiers.moderate(model="mistral-moderation-latest", input="text"),
    ]


def test_result_reprs_are_clean(mistral_emulator: MistralEmulator) -> None:
    with Mistral(api_key="k", base_url=mistral_emulator.base_url) as client:
        shown = [repr(result) for result in results(client)]
        shown.append(repr(client))
    for text in shown:
        for word in FORBIDDEN:
            assert word not in text, text


def test_model_classes_are_named_as_public() -> None:
    for name in models.__all__:
        shown = repr(getattr(models, name))
        assert "mistral_generated" not in shown, shown
    assert repr(models.ChatCompletionResponse) == (
        "<class 'mistral_client.models.ChatCompletionResponse'>"
    )
    assert repr(models.UNSET) == "UNSET"


def test_unsent_fields_are_left_out() -> None:
    message = models.ChatCompletionMessage(role="assistant", content="Hi")
    assert repr(message) == "ChatCompletionMessage(role='assistant', content='Hi', tool_calls=[])"
    message.additional_properties["reasoning"] = "r"
    assert repr(message).endswith("additional_properties={'reasoning': 'r'})")
