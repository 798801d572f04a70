"""Embeddings, moderations, classifications, models, files and agents."""

from __future__ import annotations

import base64
import math
import re
import struct

import httpx
import pytest

from mistral_client.testing import MistralEmulator

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_embeddings_are_unit_vectors_seeded_by_text(http: httpx.Client) -> None:
    body = {"model": "mistral-embed", "input": ["cat", "dog", "cat"]}
    result = http.post("/v1/embeddings", json=body).json()
    assert result["object"] == "list"
    assert result["model"] == "mistral-embed"
    vectors = [d["embedding"] for d in result["data"]]
    assert [d["index"] for d in result["data"]] == [0, 1, 2]
    assert all(len(v) == 1024 for v in vectors)
    assert vectors[0] == vectors[2] != vectors[1]
    assert math.isclose(math.sqrt(sum(x * x for x in vectors[0])), 1.0, abs_tol=1e-5)
    assert result["usage"]["prompt_tokens"] == 3
    again = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": "cat"}).json()
    assert again["data"][0]["embedding"] == vectors[0]


def test_embeddings_base64_and_dimension(http: httpx.Client) -> None:
    plain = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": "cat"}).json()
    encoded = http.post(
        "/v1/embeddings",
        json={"model": "mistral-embed", "input": "cat", "encoding_format": "base64"},
    ).json()
    raw = base64.b64decode(encoded["data"][0]["embedding"])
    assert list(struct.unpack("<1024f", raw)) == plain["data"][0]["embedding"]
    sized = http.post(
        "/v1/embeddings", json={"model": "mistral-embed", "input": "cat", "output_dimension": 8}
    ).json()
    assert len(sized["data"][0]["embedding"]) == 8


def test_moderation_flags_keywords(http: httpx.Client) -> None:
    result = http.post(
        "/v1/moderations",
        json={"model": "mistral-moderation-latest", "input": ["I will kill you", "nice weather"]},
    ).json()
    assert re.fullmatch(r"[0-9a-f]{32}", result["id"])
    violent, calm = result["results"]
    assert len(violent["categories"]) == len(violent["category_scores"]) == 9
    assert violent["categories"]["violence_and_threats"] is True
    assert violent["category_scores"]["violence_and_threats"] >= 0.9
    assert sum(violent["categories"].values()) == 1
    assert not any(calm["categories"].values())
    assert all(0 < s < 0.001 for s in calm["category_scores"].values())
    assert result["usage"]["request_count"] == 1


def test_chat_moderation_one_result_per_conversation(http: httpx.Client) -> None:
    conversation = [
        {"role": "user", "content": "where is the court?"},
        {"role": "assistant", "content": "downtown"},
    ]
    one = http.post(
        "/v1/chat/moderations", json={"model": "mistral-moderation-latest", "input": conversation}
    ).json()
    assert len(one["results"]) == 1
    assert one["results"][0]["categories"]["law"] is True
    two = http.post(
        "/v1/chat/moderations",
        json={
            "model": "mistral-moderation-latest",
            "input": [conversation, [{"role": "user", "content": "hi"}]],
        },
    ).json()
    assert len(two["results"]) == 2


def test_classifications(http: httpx.Client) -> None:
    result = http.post(
        "/v1/classifications",
        json={"model": "mistral-moderation-latest", "input": ["a great day", "a terrible day"]},
    ).json()
    good, bad = (r["sentiment"]["scores"] for r in result["results"])
    assert max(good, key=good.__getitem__) == "positive"
    assert max(bad, key=bad.__getitem__) == "negative"
    assert math.isclose(sum(good.values()), 1.0)
    chat = http.post(
        "/v1/chat/classifications",
        json={
            "model": "mistral-moderation-latest",
            "input": [
                {"messages": [{"role": "user", "content": "love it"}]},
                {"messages": [{"role": "user", "content": "meh"}]},
            ],
        },
    ).json()
    assert len(chat["results"]) == 2


def test_models_list_and_retrieve(http: httpx.Client) -> None:
    listing = http.get("/v1/models").json()
    ids = [m["id"] for m in listing["data"]]
    for expected in (
        "mistral-large-latest",
        "mistral-small-latest",
        "codestral-latest",
        "mistral-embed",
        "mistral-moderation-latest",
        "open-mistral-nemo",
        "pixtral-12b-latest",
        "ministral-8b-latest",
    ):
        assert expected in ids
    card = http.get("/v1/models/codestral-latest").json()
    assert card["capabilities"]["completion_fim"] is True
    assert set(card) >= {
        "id",
        "object",
        "created",
        "owned_by",
        "capabilities",
        "name",
        "description",
        "max_context_length",
        "aliases",
        "deprecation",
        "deprecation_replacement_model",
        "default_model_temperature",
        "type",
    }
    assert http.get("/v1/models/codestral-2508").json()["id"] == "codestral-latest"
    assert http.get("/v1/models/missing").status_code == 404
    refused = http.delete("/v1/models/mistral-large-latest")
    assert refused.status_code == 400
    assert http.delete("/v1/models/missing").status_code == 404
    assert (
        http.patch("/v1/fine_tuning/models/mistral-large-latest", json={"name": "x"}).status_code
        == 404
    )


def test_files_round_trip(http: httpx.Client) -> None:
    content = b'{"messages": [{"role": "user", "content": "a"}]}\n{"messages": []}\n'
    uploaded = http.post(
        "/v1/files", files={"file": ("train.jsonl", content)}, data={"purpose": "fine-tune"}
    )
    assert uploaded.headers["content-type"] == "application/json; charset=utf-8"
    assert not any(h.startswith("x-ratelimit") for h in uploaded.headers)
    card = uploaded.json()
    assert UUID.fullmatch(card["id"])
    assert card == {
        "id": card["id"],
        "object": "file",
        "bytes": len(content),
        "created_at": card["created_at"],
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "sample_type": "instruct",
        "num_lines": 2,
        "mimetype": "application/jsonl",
        "source": "upload",
        "signature": card["signature"],
    }
    assert http.get(f"/v1/files/{card['id']}").json() == {**card, "deleted": False}
    download = http.get(f"/v1/files/{card['id']}/content")
    assert download.content == content
    assert download.headers["content-type"] == "application/octet-stream"
    assert http.delete(f"/v1/files/{card['id']}").json() == {
        "id": card["id"],
        "object": "file",
        "deleted": True,
    }
    assert http.get(f"/v1/files/{card['id']}").status_code == 404


def test_binary_upload_keeps_every_byte(http: httpx.Client) -> None:
    content = bytes(range(256)) * 4 + b"\r\n--boundary\r\n\r\n"
    card = http.post(
        "/v1/files",
        files={"file": ("blob.pdf", content, "application/pdf")},
        data={"purpose": "ocr", "expiry": "2", "visibility": "user"},
    ).json()
    assert card["mimetype"] == "application/pdf"
    assert card["num_lines"] is None
    assert card["expires_at"] == card["created_at"] + 7200
    assert card["visibility"] == "user"
    assert http.get(f"/v1/files/{card['id']}/content").content == content


def test_files_list_pages_and_filters(http: httpx.Client, emu: MistralEmulator) -> None:
    made = []
    for index, purpose in enumerate(["batch", "fine-tune", "batch"]):
        files = {"file": (f"f{index}.jsonl", b"{}\n")}
        made.append(http.post("/v1/files", files=files, data={"purpose": purpose}).json()["id"])
        emu.advance(1)
    listing = http.get("/v1/files").json()
    assert [f["id"] for f in listing["data"]] == made[::-1]
    assert listing["object"] == "list"
    assert listing["total"] == 3
    page = http.get("/v1/files", params={"page": 1, "page_size": 2}).json()
    assert [f["id"] for f in page["data"]] == [made[0]]
    assert page["total"] == 3
    assert http.get("/v1/files", params={"purpose": "batch"}).json()["total"] == 2
    assert http.get("/v1/files", params={"search": "f1"}).json()["data"][0]["id"] == made[1]
    samples = http.get(
        "/v1/files", params=[("sample_type", "instruct"), ("sample_type", "pretrain")]
    ).json()
    assert samples["total"] == 1
    assert http.get("/v1/files", params={"source": "mistral"}).json()["total"] == 0
    assert http.get("/v1/files", params={"mimetypes": "application/jsonl"}).json()["total"] == 3
    assert http.get("/v1/files", params={"include_total": "false"}).json()["total"] is None


def test_signed_url_works_without_a_key_until_it_expires(
    http: httpx.Client, emu: MistralEmulator
) -> None:
    file_id = http.post(
        "/v1/files", files={"file": ("a.txt", b"hello")}, data={"purpose": "batch"}
    ).json()["id"]
    url = http.get(f"/v1/files/{file_id}/url", params={"expiry": 1}).json()["url"]
    assert url.startswith(f"{emu.base_url}/v1/files/{file_id}/content?")
    assert httpx.get(url).content == b"hello"
    assert httpx.get(url.replace("signature=", "signature=x")).status_code == 401
    emu.advance(3601)
    assert httpx.get(url).status_code == 401


def test_agents_crud(http: httpx.Client, emu: MistralEmulator) -> None:
    created = http.post(
        "/v1/agents",
        json={
            "model": "mistral-small-latest",
            "name": "helper",
            "description": "d",
            "instructions": "Be nice",
        },
    ).json()
    assert created["id"].startswith("ag_")
    assert created["object"] == "agent"
    assert created["version"] == 0
    assert created["created_at"] == "2026-01-01T00:00:00.000000Z"
    emu.advance(5)
    second = http.post("/v1/agents", json={"model": "codestral-latest", "name": "coder"}).json()
    listing = http.get("/v1/agents").json()
    assert [a["id"] for a in listing] == [second["id"], created["id"]]
    assert [a["id"] for a in http.get("/v1/agents", params={"name": "helper"}).json()] == [
        created["id"]
    ]
    assert [a["id"] for a in http.get("/v1/agents", params={"search": "COD"}).json()] == [
        second["id"]
    ]
    assert len(http.get("/v1/agents", params={"page": 1, "page_size": 1}).json()) == 1
    updated = http.patch(
        f"/v1/agents/{created['id']}", json={"instructions": "Be brief", "name": None}
    ).json()
    assert updated["instructions"] == "Be brief"
    assert updated["name"] == "helper"
    assert updated["version"] == 1
    assert updated["versions"] == [0, 1]
    assert updated["updated_at"] == "2026-01-01T00:00:05.000000Z"
    assert http.get(f"/v1/agents/{created['id']}").json() == updated
    assert http.patch(f"/v1/agents/{created['id']}", json={"model": "nope"}).status_code == 400
    deleted = http.delete(f"/v1/agents/{created['id']}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert http.get(f"/v1/agents/{created['id']}").status_code == 404


@pytest.mark.parametrize("model", ["nope", ""])
def test_agent_needs_a_real_model(http: httpx.Client, model: str) -> None:
    response = http.post("/v1/agents", json={"model": model, "name": "x"})
    assert response.status_code in (400, 422)
