"""Text helpers: the emulator's token count and message text extraction."""

from __future__ import annotations

import re
from typing import Any

_PIECE = re.compile(r"\s*\S+|\s+")
_WORD = re.compile(r"\S+")


def count_tokens(text: str) -> int:
    """The emulator's token count: whitespace-separated pieces."""
    return len(_WORD.findall(text))


def pieces(text: str) -> list[str]:
    """`text` cut into tokens that keep their leading whitespace; they join back to `text`."""
    return _PIECE.findall(text)


def content_text(content: Any) -> str:
    """The text of a message `content`: a string, or a list of chunks (images as [image])."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts: list[str] = []
        for chunk in content:
            if isinstance(chunk, str):
                parts.append(chunk)
            elif isinstance(chunk, dict):
                if isinstance(chunk.get("text"), str):
                    parts.append(chunk["text"])
                elif chunk.get("type") in ("image_url", "document_url", "input_audio"):
                    parts.append(f"[{chunk['type'].split('_')[0]}]")
                elif "thinking" in chunk:
                    parts.append(content_text(chunk["thinking"]))
        return " ".join(p for p in parts if p)
    return ""


def messages_tokens(messages: Any) -> int:
    if not isinstance(messages, list):
        return 0
    return sum(
        count_tokens(content_text(m.get("content"))) for m in messages if isinstance(m, dict)
    )
