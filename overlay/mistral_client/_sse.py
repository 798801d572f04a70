"""Server-sent events from bytes: an I/O-free decoder (the WHATWG event-stream rules).

Feed it whatever the socket gave, in any split; it hands back whole events. It handles LF,
CRLF and CR line ends (a CR at the end of one chunk and the LF at the start of the next are
one line end), multi-line `data:`, comments, `event:`, `id:` and `retry:` fields, a UTF-8
BOM at the start, and, on `close()`, a last event that lacks its blank line.

Usage:
    decoder = SSEDecoder()
    for chunk in response.iter_bytes():
        for event in decoder.feed(chunk):
            print(event.event, event.data)
    for event in decoder.close():
        ...
"""

from __future__ import annotations

import re

_BOM = b"\xef\xbb\xbf"
# A line or event this large is a broken or hostile stream, not a completion chunk.
MAX_EVENT_BYTES = 8 * 1024 * 1024


class EventTooLargeError(ValueError):
    """A line or an event grew past the decoder's `max_event_bytes`."""


_LINE_END = re.compile("\r\n|\r|\n")


class ServerSentEvent:
    """One dispatched event: `data` is its `data:` lines joined by newlines."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self, data: str, event: str = "message", id: str | None = None, retry: int | None = None
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.data, self.event, self.id, self.retry) == (
            other.data,
            other.event,
            other.id,
            other.retry,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r})"


class SSEDecoder:
    """Turns event-stream bytes into `ServerSentEvent`s; keeps what is not yet a whole line."""

    __slots__ = (
        "_data",
        "_event",
        "_last_id",
        "_pending",
        "_retry",
        "_skip_lf",
        "_started",
        "max_event_bytes",
    )

    def __init__(self, max_event_bytes: int | None = None) -> None:
        self.max_event_bytes = MAX_EVENT_BYTES if max_event_bytes is None else max_event_bytes
        self._pending = b""  # bytes after the last line end seen
        self._started = False  # past the optional BOM
        self._skip_lf = False  # the last chunk ended in CR: a leading LF belongs to it
        self._data: list[str] = []
        self._event = ""
        self._last_id: str | None = None  # `id:` persists across events, per the standard
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """The events completed by `chunk` (possibly none)."""
        data = self._pending + chunk if self._pending else chunk
        if not self._started:
            if len(data) < len(_BOM) and _BOM.startswith(data):
                self._pending = data
                return []
            self._started = True
            if data.startswith(_BOM):
                data = data[len(_BOM) :]
        if self._skip_lf and data:
            self._skip_lf = False
            if data[:1] == b"\n":
                data = data[1:]
        if b"\r" in data:
            end = max(data.rfind(b"\n"), data.rfind(b"\r"))
            if end < 0:
                return self._hold(data)
            self._pending = data[end + 1 :]
            self._skip_lf = data[end] == 0x0D
            # Line ends are ASCII, so a block cut after one decodes without splitting a
            # character; the split drops the empty string after the last line end.
            lines = _LINE_END.split(data[: end + 1].decode("utf-8", errors="replace"))[:-1]
        else:
            # The common case (the API's own framing): LF only, one decode, one split.
            end = data.rfind(b"\n")
            if end < 0:
                return self._hold(data)
            self._pending = data[end + 1 :]
            lines = data[:end].decode("utf-8", errors="replace").split("\n")
        events = self._lines(lines)
        if not events:  # else the events this chunk completed go out first; the next call checks
            self._check_size()
        return events

    def _hold(self, data: bytes) -> list[ServerSentEvent]:
        """No line end yet: keep the bytes, within the bound."""
        self._pending = data
        self._check_size()
        return []

    def _check_size(self) -> None:
        if len(self._pending) > self.max_event_bytes or (
            self._data and sum(map(len, self._data)) > self.max_event_bytes
        ):
            raise EventTooLargeError(f"an event of over {self.max_event_bytes} bytes")

    def close(self) -> list[ServerSentEvent]:
        """At the end of the stream: the last line and event, even without a blank line."""
        self._check_size()
        tail, self._pending = self._pending, b""
        lines = [tail.decode("utf-8", errors="replace")] if tail else []
        lines.append("")
        return self._lines(lines)

    def _lines(self, lines: list[str]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if not line:
                if data:
                    events.append(
                        ServerSentEvent(
                            data[0] if len(data) == 1 else "\n".join(data),
                            self._event or "message",
                            self._last_id,
                            self._retry,
                        )
                    )
                    data = self._data = []
                self._event = ""
            elif line.startswith("data: "):
                data.append(line[6:])  # the API's framing: the fast path
            elif line[0] != ":":  # a colon first: a comment (keep-alive)
                self._field(line)
        return events

    def _field(self, line: str) -> None:
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
