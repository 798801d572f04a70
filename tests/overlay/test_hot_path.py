"""The per-call hot path: arguments are not copied, URLs parsed once, namespaces built lazily."""

from __future__ import annotations

from typing import Any

import httpx

from mistral_client import Mistral
from mistral_client._validation import to_plain
from mistral_client.models import UserMessage
from tests.conftest import CANARY_KEY


def test_plain_arguments_are_returned_as_they_are() -> None:
    messages = [{"role": "user", "content": "Hi"}, {"role": "user", "content": ["a", 1.5]}]
    assert to_plain(messages) is messages
    assert to_plain({"messages": messages})["messages"] is messages


def test_models_inside_plain_data_are_converted_without_touching_the_rest() -> None:
    plain = {"role": "system", "content": "terse"}
    messages: list[Any] = [plain, UserMessage(content="Hi")]
    converted = to_plain(messages)
    assert converted == [plain, {"role": "user", "content": "Hi"}]
    assert converted is not messages
    assert converted[0] is plain
    assert messages[1].__class__ is UserMessage  # the caller's list is left alone
    assert to_plain(("a", ("b",))) == ["a", ["b"]]
    assert to_plain({"x": {"y": UserMessage(content="z")}}) == {
        "x": {"y": {"role": "user", "content": "z"}}
    }


def test_urls_keep_the_base_path_and_quote_ids() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": []})
        return httpx.Response(200, json={"id": "a b", "object": "file", "deleted": True})

    with Mistral(
        CANARY_KEY,
        base_url="https://gateway.example/mistral/",
        transport=httpx.MockTransport(handler),
    ) as client:
        for _ in range(2):
            client.files.delete("a b/c")
        client.models.list()
    assert seen[:2] == ["https://gateway.example/mistral/v1/files/a%20b%2Fc"] * 2
    assert seen[2] == "https://gateway.example/mistral/v1/models"


def test_namespaces_are_built_on_first_use_and_kept() -> None:
    client = Mistral(CANARY_KEY)
    assert "chat" not in vars(client)
    assert client.chat is client.chat
    assert type(Mistral.__dict__["chat"]).__name__ == "_Namespace"
    client.close()
