"""The pure accumulator (final message from chunks) and the fast chunk builder.

Stream shapes are the ones ../shared/design/api-facts.md describes: text with padding and
usage+finish_reason+content in the last chunk, thinking chunks, tool calls whole in one
delta (Mistral models) and OpenAI-style incremental deltas (other models on the API).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_client import ChatCompletionAccumulator
from mistral_client._streaming import build_chunk
from mistral_client.models import UNSET, ChatCompletionResponse, CompletionChunk, ThinkChunk

HEAD = {"id": "c0ffee", "object": "chat.completion.chunk", "created": 7, "model": "m"}
USAGE = {"prompt_tokens": 3, "total_tokens": 9, "completion_tokens": 6}


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0, **extra: Any) -> Any:
    return {**HEAD, "choices": [{"index": index, "delta": delta, "finish_reason": finish}], **extra}


def assemble(*chunks: dict[str, Any]) -> ChatCompletionResponse:
    accumulator = ChatCompletionAccumulator()
    for item in chunks:
        accumulator.add(item)
    assert accumulator.chunk_count == len(chunks)
    return accumulator.completion()


def message_json(reply: ChatCompletionResponse, index: int = 0) -> dict[str, Any]:
    result: dict[str, Any] = reply.choices[index].message.to_dict()
    return result


def test_text_is_concatenated_and_the_last_chunk_brings_content_finish_and_usage() -> None:
    reply = assemble(
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": "Hello"}),
        chunk({"content": " world"}, "stop", usage=USAGE),
    )
    assert isinstance(reply, ChatCompletionResponse)
    assert (reply.id, reply.model, reply.created, reply.object_) == (
        "c0ffee",
        "m",
        7,
        "chat.completion",
    )
    assert reply.choices[0].message.content == "Hello world"
    assert reply.choices[0].message.tool_calls == []
    assert reply.choices[0].finish_reason == "stop"
    assert reply.to_dict()["usage"] == USAGE


def test_before_the_end_the_completion_holds_what_arrived() -> None:
    accumulator = ChatCompletionAccumulator()
    accumulator.add(chunk({"role": "assistant", "content": "par"}))
    partial = accumulator.completion()
    assert partial.choices[0].message.content == "par"
    assert partial.choices[0].finish_reason is None
    assert partial.usage.total_tokens == 0  # usage arrives with the last chunk


def think(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "thinking", "thinking": [{"type": "text", "text": text}], **extra}


def test_thinking_text_is_kept_in_its_own_part_and_text_parts_merge() -> None:
    reply = assemble(
        chunk({"role": "assistant", "content": [think("Let me")]}),
        chunk({"content": [think(" think.")]}),
        chunk({"content": [think("", closed=True)]}),
        chunk({"content": "The answer"}),
        chunk({"content": [{"type": "text", "text": " is 42"}]}),
        chunk({"content": "."}, "stop"),
    )
    content = reply.choices[0].message.content
    assert isinstance(content, list)
    assert isinstance(content[0], ThinkChunk)
    assert message_json(reply)["content"] == [
        {
            "type": "thinking",
            "thinking": [{"type": "text", "text": "Let me think."}],
            "closed": True,
        },
        {"type": "text", "text": "The answer is 42."},
    ]


def test_text_before_list_content_becomes_the_first_text_part() -> None:
    reply = assemble(
        chunk({"content": "Intro "}),
        chunk({"content": [{"type": "reference", "reference_ids": [1]}]}),
        chunk({"content": "after"}, "stop"),
    )
    assert message_json(reply)["content"] == [
        {"type": "text", "text": "Intro "},
        {"type": "reference", "reference_ids": [1]},
        {"type": "text", "text": "after"},
    ]


def fragment(index: int, arguments: str, **fields: Any) -> dict[str, Any]:
    function = {"arguments": arguments}
    if "name" in fields:
        function["name"] = fields.pop("name")
    return {"index": index, **fields, "function": function}


def test_openai_style_incremental_parallel_tool_calls() -> None:
    reply = assemble(
        chunk({"role": "assistant", "content": None}),
        chunk({"tool_calls": [fragment(0, "", id="call_a", type="function", name="weather")]}),
        chunk({"tool_calls": [fragment(0, '{"city": ', name="")]}),
        chunk({"tool_calls": [fragment(1, "", id="call_b", type="function", name="time")]}),
        chunk({"tool_calls": [fragment(0, '"Paris"}', name="")]}),
        chunk({"tool_calls": [fragment(1, '{"tz": "CET"}')]}, "tool_calls", usage=USAGE),
    )
    calls = message_json(reply)["tool_calls"]
    assert calls == [
        {
            "id": "call_a",
            "type": "function",
            "function": {"name": "weather", "arguments": '{"city": "Paris"}'},
            "index": 0,
        },
        {
            "id": "call_b",
            "type": "function",
            "function": {"name": "time", "arguments": '{"tz": "CET"}'},
            "index": 1,
        },
    ]
    assert reply.choices[0].finish_reason == "tool_calls"
    assert json.loads(calls[0]["function"]["arguments"]) == {"city": "Paris"}


def whole(call_id: str, name: str, arguments: Any, **extra: Any) -> dict[str, Any]:
    return {"id": call_id, "function": {"name": name, "arguments": arguments}, **extra}


def test_mistral_whole_tool_calls_without_index_stay_apart() -> None:
    reply = assemble(
        chunk({"role": "assistant", "content": ""}),
        chunk(
            {"content": None, "tool_calls": [whole("a1", "f", "{}"), whole("b2", "g", '{"x":1}')]},
        ),
        chunk({"tool_calls": [whole("c3", "h", {"as": "object"})]}, "tool_calls"),
    )
    calls = message_json(reply)["tool_calls"]
    assert [(c["id"], c["function"]["name"], c["function"]["arguments"]) for c in calls] == [
        ("a1", "f", "{}"),
        ("b2", "g", '{"x":1}'),
        ("c3", "h", {"as": "object"}),
    ]
    assert reply.choices[0].message.content == ""


def test_whole_calls_that_reuse_index_zero_are_separate_calls() -> None:
    reply = assemble(
        chunk({"tool_calls": [whole("a1", "f", "{}", index=0)]}),
        chunk({"tool_calls": [whole("b2", "g", "{}", index=0)]}, "tool_calls"),
    )
    assert [c["id"] for c in message_json(reply)["tool_calls"]] == ["a1", "b2"]


def test_choices_are_assembled_apart_in_index_order() -> None:
    reply = assemble(
        chunk({"role": "assistant", "content": "B"}, index=1),
        chunk({"role": "assistant", "content": "A"}, index=0),
        chunk({"content": "b"}, "length", index=1),
        chunk({"content": "a"}, "stop", index=0),
    )
    assert [(c.index, c.message.content, c.finish_reason) for c in reply.choices] == [
        (0, "Aa", "stop"),
        (1, "Bb", "length"),
    ]


def test_no_content_key_at_all_leaves_content_unset() -> None:
    reply = assemble(chunk({"tool_calls": [whole("a1", "f", "{}")]}, "tool_calls"))
    assert reply.choices[0].message.content is UNSET


def test_models_and_dicts_assemble_alike_and_garbage_is_ignored() -> None:
    chunks = [chunk({"role": "assistant", "content": "x"}), chunk({"content": "y"}, "stop")]
    from_dicts = assemble(*chunks)
    accumulator = ChatCompletionAccumulator()
    for item in chunks:
        accumulator.add(CompletionChunk.from_dict(item))
    accumulator.add({"choices": ["not a choice", {"delta": "not a delta"}]})
    assert accumulator.completion() == from_dicts


def test_logprobs_are_kept_when_sent() -> None:
    item = chunk({"content": "x"}, "stop")
    item["choices"][0]["logprobs"] = {"content": []}
    assert assemble(item).choices[0].logprobs == {"content": []}


# --- the fast chunk builder ------------------------------------------------------------------

BUILD_CASES = [
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "x"}),
    chunk({"content": None}, "stop", usage=USAGE),
    chunk({"content": "x"}, "weird_reason"),
    chunk({}, None),
    {"id": "only", "choices": []},
    {**chunk({"content": "x"}), "extra_top": [1]},
    chunk({"content": [think("t")]}),
    chunk({"tool_calls": [whole("a", "f", "{}")]}, "tool_calls"),
    chunk({"content": "x", "prefix": True}),
    {**HEAD, "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None, "n": 1}]},
    {**HEAD, "choices": [{"index": 0, "delta": {"content": "x"}, "logprobs": None}]},
    {**HEAD, "choices": [{"index": 0, "delta": {"role": 5}}]},
    {**HEAD, "choices": [{"index": 0, "delta": {}, "finish_reason": 3}]},
]


@pytest.mark.parametrize("payload", BUILD_CASES)
def test_build_chunk_equals_the_generated_from_dict(payload: dict[str, Any]) -> None:
    expected = CompletionChunk.from_dict(json.loads(json.dumps(payload)))
    built = build_chunk(json.loads(json.dumps(payload)))
    assert built == expected
    assert built.to_dict() == expected.to_dict()
    if payload["choices"] and "finish_reason" in payload["choices"][0]:
        assert type(built.choices[0].finish_reason) is type(expected.choices[0].finish_reason)


# --- property: any fragmentation of a reply assembles back to it -----------------------------


def split(text: str, cuts: list[int]) -> list[str]:
    points = sorted({cut % (len(text) + 1) for cut in cuts})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@settings(max_examples=60, deadline=None, database=None)
@given(
    text=st.text(max_size=40),
    text_cuts=st.lists(st.integers(min_value=0), max_size=8),
    calls=st.lists(
        st.tuples(
            st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
            st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
            st.lists(st.integers(min_value=0), max_size=6),
        ),
        max_size=3,
    ),
    order=st.randoms(use_true_random=False),
)
def test_any_fragmentation_assembles_back_to_the_reply(
    text: str,
    text_cuts: list[int],
    calls: list[tuple[str, dict[str, int], list[int]]],
    order: Any,
) -> None:
    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in split(text, text_cuts)]
    # OpenAI-style increments: each call opens with id and name, then argument fragments with
    # empty names; the calls' fragments interleave, each call's own stay in order.
    queues = []
    for index, (name, arguments, cuts) in enumerate(calls):
        pieces = split(json.dumps(arguments), cuts)
        opening = fragment(index, pieces[0], id=f"call_{index}", type="function", name=name)
        queues.append([opening] + [fragment(index, piece, name="") for piece in pieces[1:]])
    while any(queues):
        queue = order.choice([q for q in queues if q])
        chunks.append(chunk({"tool_calls": [queue.pop(0)]}))
    chunks.append(chunk({"content": ""}, "tool_calls" if calls else "stop", usage=USAGE))

    reply = assemble(*chunks)
    message = message_json(reply)
    assert message["content"] == text
    assembled = message.get("tool_calls", [])  # an empty list is not sent back
    assert [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in assembled] == [
        (name, arguments) for name, arguments, _ in calls
    ]
    assert [c["id"] for c in assembled] == [f"call_{i}" for i in range(len(calls))]
