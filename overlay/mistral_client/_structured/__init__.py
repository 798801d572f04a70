"""Structured output: types to strict JSON Schema, replies to checked values, the re-ask
loop behind `chat.parse`, tool helpers, and simulated tool calling in JSON mode.

Pure functions and small state machines only: no I/O happens here. The chat resource
sends the requests these build and hands the replies back.
"""

from ._parse import (
    Attempts,
    ParsedChatCompletion,
    ParsedChoice,
    ParsedMessage,
    parse_attempts,
    response_format_for,
    structured_stream_request,
)
from ._reply import parse_json_content
from ._tools import (
    ToolIntent,
    ToolTurn,
    linearize_history,
    parse_tool_arguments,
    parse_tool_intents,
    simulated_attempts,
    simulated_tool_request,
    tool_from_function,
    tool_from_type,
)

__all__ = [
    "Attempts",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "ToolIntent",
    "ToolTurn",
    "linearize_history",
    "parse_attempts",
    "parse_json_content",
    "parse_tool_arguments",
    "parse_tool_intents",
    "response_format_for",
    "simulated_attempts",
    "simulated_tool_request",
    "structured_stream_request",
    "tool_from_function",
    "tool_from_type",
]
