"""What a handler receives (`Call`) and what it returns (a reply)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._state import EmulatorState


@dataclass(frozen=True)
class FormPart:
    """One multipart/form-data field."""

    name: str
    content: bytes
    filename: str | None = None
    content_type: str | None = None


@dataclass
class Call:
    """One operation call, already authenticated and validated."""

    state: EmulatorState
    operation: str
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    form: dict[str, FormPart] = field(default_factory=dict)
    base_url: str = "http://127.0.0.1"
    scripted_content: str | None = None  # Fault.reply: the completion's content
    scripted_finish: str | None = None


@dataclass
class JsonReply:
    body: Any
    status: int = 200
    tokens: int = 0


@dataclass
class StreamReply:
    """Server-sent events, one wire chunk per item."""

    events: list[bytes]
    tokens: int = 0


@dataclass
class RawReply:
    content: bytes
    status: int = 200
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


Reply = JsonReply | StreamReply | RawReply
Handler = Callable[[Call], Reply]
