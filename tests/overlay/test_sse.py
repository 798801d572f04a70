"""The I/O-free SSE decoder: line ends, fields, comments, BOM, and any split of real streams."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_client._sse import EventTooLargeError, ServerSentEvent, SSEDecoder

CASSETTES = Path(__file__).resolve().parents[1] / "contract" / "cassettes"


def recorded_streams() -> dict[str, bytes]:
    """Every event-stream body among the cassettes (new recordings are picked up as added)."""
    streams: dict[str, bytes] = {}
    for path in sorted(CASSETTES.rglob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            response = interaction["response"]
            content_type = response["headers"].get("content-type", [""])[0]
            if content_type.startswith("text/event-stream"):
                body = response["body"]["string"]
                streams[path.stem] = body.encode() if isinstance(body, str) else body
    return streams


STREAMS = recorded_streams()


def decode(*pieces: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for piece in pieces:
        events.extend(decoder.feed(piece))
    events.extend(decoder.close())
    return events


def datas(*pieces: bytes) -> list[str]:
    return [event.data for event in decode(*pieces)]


def test_there_are_recorded_streams() -> None:
    assert len(STREAMS) >= 2
    for body in STREAMS.values():
        assert body.endswith(b"data: [DONE]\n\n")


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_line_ends(ending: bytes) -> None:
    body = b"data: one" + ending + ending + b"data: two" + ending + ending
    assert datas(body) == ["one", "two"]


def test_mixed_line_ends_and_a_crlf_split_between_chunks() -> None:
    assert datas(b"data: a\r", b"\n\r\ndata: b\n\r", b"\ndata: c\r\r") == ["a", "b", "c"]


def test_multi_line_data_is_joined_by_newlines() -> None:
    assert datas(b"data: first\ndata: second\ndata:third\n\n") == ["first\nsecond\nthird"]


def test_comments_are_skipped_and_blank_events_not_dispatched() -> None:
    assert datas(b": keep-alive\n\n:\n\ndata: x\n: note\n\n\n\n") == ["x"]


def test_event_id_and_retry_fields() -> None:
    (first, second) = decode(b"event: error\nid: 7\nretry: 1500\ndata: {}\n\ndata: next\n\n")
    assert (first.event, first.id, first.retry, first.data) == ("error", "7", 1500, "{}")
    # The last event id persists; the event type resets to "message".
    assert (second.event, second.id, second.data) == ("message", "7", "next")


def test_field_rules() -> None:
    # Only one space after the colon is stripped; a line without a colon is a field name
    # with an empty value; unknown fields and an id with NUL are ignored; bad retry too.
    events = decode(b"data:  two spaces\nid: a\0b\nretry: 1x\nunknown: 1\ndata\n\n")
    assert [(e.data, e.id, e.retry) for e in events] == [(" two spaces\n", None, None)]


def test_empty_data_line_dispatches_an_empty_event() -> None:
    assert datas(b"data:\n\n") == [""]


def test_bom_is_dropped_even_when_split() -> None:
    body = b"\xef\xbb\xbfdata: x\n\n"
    assert datas(body) == ["x"]
    assert datas(body[:1], body[1:2], body[2:]) == ["x"]
    assert datas(b"\xef\xbb", b"\xbfdata: y\n\n") == ["y"]
    assert datas(b"\xef\xbb") == []  # a lone BOM prefix is not an event


def test_a_bom_later_in_the_stream_is_part_of_a_field_name() -> None:
    assert datas(b"data: a\n\n\xef\xbb\xbfdata: b\n\n") == ["a"]


def test_final_event_without_blank_line_is_delivered_on_close() -> None:
    assert datas(b"data: a\n\ndata: last") == ["a", "last"]
    assert datas(b"data: a\n\ndata: last\n") == ["a", "last"]


def test_multibyte_characters_split_across_chunks() -> None:
    body = 'data: {"content": "café ☕ \u2028 end"}\n\n'.encode()
    cut = body.index("☕".encode()) + 1
    assert datas(body[:cut], body[cut:]) == ['{"content": "café ☕ \u2028 end"}']


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    assert datas(b"data: \xff\n\n") == ["\ufffd"]


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_recorded_stream_fed_byte_by_byte(name: str) -> None:
    body = STREAMS[name]
    whole = decode(body)
    assert len(whole) == body.count(b"\n\n")
    assert decode(*(body[i : i + 1] for i in range(len(body)))) == whole


def reference_events(body: bytes) -> list[str]:
    """The data of each event, by plain splitting: fine for the API's LF-only framing."""
    return [block.removeprefix(b"data: ").decode() for block in body.split(b"\n\n") if block]


@settings(max_examples=150, deadline=None, database=None)
@given(
    name=st.sampled_from(sorted(STREAMS)),
    ending=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    bom=st.booleans(),
    cuts=st.lists(st.floats(min_value=0, max_value=1), max_size=40),
)
def test_any_split_of_any_recorded_stream_gives_the_same_events(
    name: str, ending: bytes, bom: bool, cuts: list[float]
) -> None:
    original = STREAMS[name]
    body = (b"\xef\xbb\xbf" if bom else b"") + original.replace(b"\n", ending)
    points = sorted({int(cut * len(body)) for cut in cuts})
    pieces = [body[a:b] for a, b in zip([0, *points], [*points, len(body)], strict=True)]
    assert datas(*pieces) == reference_events(original)


@pytest.mark.parametrize(
    "pieces",
    [
        [b"data: " + b"x" * 40],  # one line without an end, however it arrives
        [b"data: " + b"x" * 20, b"x" * 20],
        [b"data: " + b"x" * 30 + b"\n", b"data: " + b"y" * 30 + b"\n"],  # one event, two lines
        [b"data: ok\n\ndata: " + b"x" * 50 + b"\r", b"x"],  # "ok" first, then the error
    ],
)
def test_a_line_or_event_past_the_bound_is_refused(pieces: list[bytes]) -> None:
    decoder = SSEDecoder(max_event_bytes=40)
    with pytest.raises(EventTooLargeError):
        [decoder.feed(piece) for piece in pieces]


def test_events_within_the_bound_pass() -> None:
    decoder = SSEDecoder(max_event_bytes=40)
    assert [e.data for e in decoder.feed(b"data: " + b"x" * 30 + b"\n\n" * 3)] == ["x" * 30]
