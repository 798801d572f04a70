"""The official SDK's spellings work (with a DeprecationWarning where two names would confuse)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from mistral_client import Mistral, errors
from mistral_client.testing import MistralEmulator


@pytest.fixture
def client(mistral_emulator: MistralEmulator) -> Mistral:
    return Mistral(api_key="k", base_url=mistral_emulator.base_url, max_retries=0)


def test_inputs_is_accepted_with_a_warning(
    client: Mistral, mistral_emulator: MistralEmulator
) -> None:
    # Typed code is told to write input= by mypy; untyped code pasted from the SDK still runs.
    embed: Any = client.embeddings.create
    with pytest.warns(DeprecationWarning, match=r"embeddings.create\(inputs=...\)") as caught:
        result = embed(model="mistral-embed", inputs=["a", "b"])
    assert caught[0].filename == __file__  # points at the caller, not at the library
    assert len(result.vectors) == 2
    assert mistral_emulator.requests[-1].json["input"] == ["a", "b"]
    assert "inputs" not in mistral_emulator.requests[-1].json
    moderate: Any = client.classifiers.moderate
    with pytest.warns(DeprecationWarning, match=r"classifiers.moderate\(inputs=...\)"):
        flags = moderate(model="mistral-moderation-latest", inputs="text")
    assert len(flags.results) == 1


def test_both_spellings_are_refused_before_sending(
    client: Mistral, mistral_emulator: MistralEmulator
) -> None:
    before = len(mistral_emulator.requests)
    embed: Any = client.embeddings.create
    with pytest.raises(errors.RequestValidationError, match="not both") as caught:
        embed(model="mistral-embed", input="a", inputs="b")
    assert caught.value.field == "inputs"
    assert len(mistral_emulator.requests) == before


def test_server_url_is_base_url(mistral_emulator: MistralEmulator) -> None:
    with pytest.warns(DeprecationWarning, match="use base_url=") as caught:
        client = Mistral(api_key="k", server_url=mistral_emulator.base_url)
    assert caught[0].filename == __file__
    assert client.base_url == mistral_emulator.base_url
    assert client.models.list().data
    client.close()
    with pytest.raises(errors.ConfigurationError, match="not both"):
        Mistral(api_key="k", base_url=mistral_emulator.base_url, server_url="https://x")


def test_sdk_file_dict_uploads(client: Mistral, mistral_emulator: MistralEmulator) -> None:
    content = b'{"custom_id": "1", "body": {"messages": [{"role": "user", "content": "a"}]}}\n'
    uploaded = client.files.upload(
        file={"file_name": "batch.jsonl", "content": content}, purpose="batch"
    )
    assert uploaded.filename == "batch.jsonl"
    assert client.files.download(uploaded.id) == content


def test_model_dump_and_keyword_path_ids(client: Mistral) -> None:
    uploaded = client.files.upload(file=("a.jsonl", b"{}\n"), purpose="batch")
    assert client.files.retrieve(file_id=uploaded.id).model_dump()["id"] == uploaded.id
    assert client.files.delete(file_id=uploaded.id).deleted is True


def test_sdk_spellings_are_logged_at_warning_too(
    client: Mistral, caplog: pytest.LogCaptureFixture
) -> None:
    # Seed 9.3: deprecation warnings are logged at WARN, for services that filter warnings.
    embed: Any = client.embeddings.create
    with caplog.at_level(logging.WARNING, logger="mistral_client"):
        with pytest.warns(DeprecationWarning, match="inputs="):
            embed(model="mistral-embed", inputs=["a"])
        with pytest.warns(DeprecationWarning, match="server_url="):
            Mistral(api_key="k", server_url="http://127.0.0.1:9").close()
    logged = [r for r in caplog.records if r.name == "mistral_client.deprecations"]
    assert [r.levelno for r in logged] == [logging.WARNING, logging.WARNING]
    assert "inputs=" in logged[0].getMessage()
    assert "server_url=" in logged[1].getMessage()
