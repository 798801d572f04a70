"""Every operation of openapi.yaml, answered by the emulator, matches the spec.

Each response is validated against the operation's response schema (jsonschema) and parsed
with the generated models (`mistral_generated.models`, `Model.from_dict`).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from mistral_client.testing import MistralEmulator
from mistral_client.testing._routes import HANDLERS
from mistral_client.testing._spec import SPEC_URI, Spec

from .conftest import chat_body

models = pytest.importorskip("mistral_generated.models")

TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "properties": {"q": {"type": "string"}},
            "required": ["q"],
        },
    },
}


class Checker:
    """Sends requests and checks each answer against the spec; remembers what it covered."""

    def __init__(self, emu: MistralEmulator, http: httpx.Client) -> None:
        self.emu = emu
        self.http = http
        self.spec: Spec = emu.spec
        self.covered: set[str] = set()

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = self.http.request(method, path, **kwargs)
        assert response.status_code == expect, response.text
        operation, _, _ = self.spec.match(method, path)
        assert operation is not None
        self.covered.add(operation.operation_id)
        pointer = f"/paths/{operation.path.replace('/', '~1')}/{method.lower()}/responses/{expect}"
        reference = self.spec.at(pointer).get("$ref")
        if reference is not None:  # a shared response under components/responses
            pointer = reference.partition("#")[2]
        content = self.spec.at(pointer).get("content") or {}
        if not content:
            assert response.content == b""
            return None
        media = response.headers["content-type"].split(";")[0]
        if media == "text/event-stream":
            return self._events(pointer, response)
        assert media in content, (media, list(content))
        if media != "application/json":
            return response.content
        body = response.json()
        schema_pointer = f"{pointer}/content/{media.replace('/', '~1')}/schema"
        self.validate(schema_pointer, body)
        self.parse(content[media]["schema"], body)
        return body

    def _events(self, pointer: str, response: httpx.Response) -> list[Any]:
        events = [e[6:] for e in response.text.split("\n\n") if e]
        assert events[-1] == "[DONE]"
        chunks = [json.loads(e) for e in events[:-1]]
        for chunk in chunks:
            self.validate(f"{pointer}/content/text~1event-stream/schema", chunk)
            models.CompletionChunk.from_dict(chunk)
        return chunks

    def validate(self, pointer: str, body: Any) -> None:
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#{pointer.replace('{', '%7B').replace('}', '%7D')}"},
            registry=self.spec._registry,
        )
        errors = list(validator.iter_errors(body))
        assert errors == [], [e.message for e in errors]

    def parse(self, schema: dict[str, Any], body: Any) -> None:
        if "$ref" in schema:
            model = getattr(models, schema["$ref"].rsplit("/", 1)[1])
            parsed = model.from_dict(body)
            assert isinstance(parsed.to_dict(), dict)
        elif schema.get("type") == "array":
            for item in body:
                self.parse(schema["items"], item)
        elif "anyOf" in schema:
            failures = []
            for branch in schema["anyOf"]:
                try:
                    self.parse(branch, body)
                    return
                except (KeyError, TypeError, ValueError) as exc:
                    failures.append(exc)
            raise AssertionError(failures)


@pytest.fixture
def checker(emu: MistralEmulator, http: httpx.Client) -> Checker:
    if not emu.spec.validates:
        pytest.skip("openapi.yaml is not available")
    return Checker(emu, http)


def test_every_spec_operation_has_a_handler(emu: MistralEmulator) -> None:
    assert {op.operation_id for op in emu.spec.operations} <= set(HANDLERS)


def test_every_operation_conforms(checker: Checker, emu: MistralEmulator) -> None:
    c = checker
    c.call("POST", "/v1/chat/completions", json=chat_body("hi", tools=[TOOL], tool_choice="any"))
    c.call(
        "POST",
        "/v1/chat/completions",
        json=chat_body("hi", response_format={"type": "json_object"}),
    )
    c.call("POST", "/v1/chat/completions", json=chat_body("stream", stream=True))
    c.call(
        "POST",
        "/v1/chat/completions",
        json=chat_body("stream", stream=True, tools=[TOOL], tool_choice="any"),
    )
    c.call(
        "POST",
        "/v1/fim/completions",
        json={"model": "codestral-latest", "prompt": "x", "suffix": "y"},
    )
    c.call(
        "POST",
        "/v1/fim/completions",
        json={"model": "codestral-latest", "prompt": "x", "stream": True},
    )
    c.call("POST", "/v1/embeddings", json={"model": "mistral-embed", "input": ["a", "b"]})
    c.call(
        "POST",
        "/v1/embeddings",
        json={"model": "mistral-embed", "input": "a", "encoding_format": "base64"},
    )
    c.call("GET", "/v1/models")
    c.call("GET", "/v1/models/mistral-large-latest")
    c.call(
        "POST",
        "/v1/moderations",
        json={"model": "mistral-moderation-latest", "input": ["kill", "hi"]},
    )
    conversation = [{"role": "user", "content": "hi"}]
    c.call(
        "POST",
        "/v1/chat/moderations",
        json={"model": "mistral-moderation-latest", "input": conversation},
    )
    c.call(
        "POST", "/v1/classifications", json={"model": "mistral-moderation-latest", "input": "good"}
    )
    c.call(
        "POST",
        "/v1/chat/classifications",
        json={"model": "mistral-moderation-latest", "input": {"messages": conversation}},
    )
    training = b'{"messages": [{"role": "user", "content": "a"}]}\n'
    upload = c.call(
        "POST", "/v1/files", files={"file": ("t.jsonl", training)}, data={"purpose": "fine-tune"}
    )
    c.call("GET", "/v1/files")
    c.call("GET", f"/v1/files/{upload['id']}")
    c.call("GET", f"/v1/files/{upload['id']}/url")
    c.call("GET", f"/v1/files/{upload['id']}/content")
    job_body = {
        "model": "open-mistral-nemo",
        "training_files": [{"file_id": upload["id"]}],
        "hyperparameters": {},
    }
    c.call("POST", "/v1/fine_tuning/jobs", params={"dry_run": "true"}, json=job_body)
    job = c.call("POST", "/v1/fine_tuning/jobs", json={**job_body, "suffix": "s"})
    manual = c.call("POST", "/v1/fine_tuning/jobs", json={**job_body, "auto_start": False})
    other = c.call("POST", "/v1/fine_tuning/jobs", json=job_body)
    c.call("POST", f"/v1/fine_tuning/jobs/{other['id']}/cancel")
    emu.advance(100)
    c.call("POST", f"/v1/fine_tuning/jobs/{manual['id']}/start")
    c.call("GET", "/v1/fine_tuning/jobs")
    done = c.call("GET", f"/v1/fine_tuning/jobs/{job['id']}")
    model_id = done["fine_tuned_model"]
    c.call("GET", f"/v1/models/{model_id}")
    c.call("PATCH", f"/v1/fine_tuning/models/{model_id}", json={"name": "n", "description": "d"})
    c.call("POST", f"/v1/fine_tuning/models/{model_id}/archive")
    c.call("DELETE", f"/v1/fine_tuning/models/{model_id}/archive")
    c.call("GET", "/v1/models")
    c.call("DELETE", f"/v1/models/{model_id}")
    agent = c.call(
        "POST",
        "/v1/agents",
        json={
            "model": "mistral-small-latest",
            "name": "a",
            "tools": [TOOL, {"type": "web_search"}],
            "completion_args": {"temperature": 0.3},
        },
    )
    c.call("GET", "/v1/agents")
    c.call("GET", f"/v1/agents/{agent['id']}")
    c.call("PATCH", f"/v1/agents/{agent['id']}", json={"description": "d"})
    c.call(
        "POST", "/v1/agents/completions", json={"agent_id": agent["id"], "messages": conversation}
    )
    c.call(
        "POST",
        "/v1/agents/completions",
        json={"agent_id": agent["id"], "messages": conversation, "stream": True},
    )
    lines = json.dumps({"custom_id": "1", "body": {"messages": conversation}}) + "\nbad\n"
    batch_file = c.call(
        "POST", "/v1/files", files={"file": ("b.jsonl", lines.encode())}, data={"purpose": "batch"}
    )
    batch = c.call(
        "POST",
        "/v1/batch/jobs",
        json={
            "input_files": [batch_file["id"]],
            "endpoint": "/v1/chat/completions",
            "model": "mistral-small-latest",
        },
    )
    cancelled = c.call(
        "POST",
        "/v1/batch/jobs",
        json={
            "input_files": [batch_file["id"]],
            "endpoint": "/v1/embeddings",
            "model": "mistral-embed",
        },
    )
    c.call("POST", f"/v1/batch/jobs/{cancelled['id']}/cancel")
    emu.advance(100)
    c.call("GET", "/v1/batch/jobs")
    finished = c.call("GET", f"/v1/batch/jobs/{batch['id']}", params={"inline": "true"})
    c.call("GET", f"/v1/files/{finished['output_file']}/content")
    c.call("DELETE", f"/v1/agents/{agent['id']}", expect=204)
    c.call("DELETE", f"/v1/files/{upload['id']}")
    assert c.covered == {op.operation_id for op in emu.spec.operations}


def test_error_answers_conform(checker: Checker, emu: MistralEmulator) -> None:
    c = checker
    c.call("POST", "/v1/chat/completions", expect=422, json=chat_body(bogus=1))
    c.call("POST", "/v1/chat/completions", expect=400, json={**chat_body(), "model": "nope"})
    c.call("GET", "/v1/models/nope", expect=404)
    c.call("GET", "/v1/files/nope", expect=404)
    c.call("GET", "/v1/models", expect=401, headers={"Authorization": "Basic x"})
    from mistral_client.testing import Fault

    for shape in ("rate_limit", "rate_limit_object", "capacity"):
        emu.inject(Fault.error(429, shape))
        c.call("GET", "/v1/models", expect=429)
    emu.inject(Fault.error(422, "validation_bare"))
    c.call("GET", "/v1/models", expect=422)
