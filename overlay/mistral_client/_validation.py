"""Input rules checked before any byte is sent (seed 8.3, and the API's own limits).

Each check raises RequestValidationError(field, rule) with the field's full path, e.g.
`messages[2].content[0].text`. Values arrive as plain JSON-like data: generated models
are turned into dicts first (`to_plain`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import RequestValidationError

MESSAGE_ROLES = ("system", "user", "assistant", "tool")
TOOL_CHOICE_MODES = ("auto", "none", "any", "required")
RESPONSE_FORMAT_TYPES = ("text", "json_object", "json_schema")


def to_plain(value: Any) -> Any:
    """Generated attrs models (anything with `to_dict`) become dicts; containers are copied."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, Mapping):
        return {key: to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


def fail(field: str, rule: str) -> RequestValidationError:
    return RequestValidationError(field, rule)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def non_empty_string(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "must be a non-empty string")
    return value


def path_id(value: Any, field: str) -> str:
    """A path parameter: non-empty, so `retrieve("")` never turns into a list call."""
    non_empty_string(value, field)
    if value != value.strip():
        raise fail(field, "must not start or end with white space")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise fail(field, "must not contain lone surrogates (invalid Unicode)") from None
    return str(value)


def number_in(
    fields: Mapping[str, Any],
    name: str,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    prefix: str = "",
) -> None:
    """fields[name], when given, lies in [low, high] (or (low, high] with low_open)."""
    value = fields.get(name)
    if value is None:
        return
    field = prefix + name
    # math.isfinite(10**400) raises OverflowError: ints are finite, only floats are tested.
    if not is_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        raise fail(field, "must be a finite number")
    if value > high or value < low or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise fail(field, f"must be in {bracket}{low:g}, {high:g}]")


def positive_int(
    fields: Mapping[str, Any],
    name: str,
    *,
    prefix: str = "",
    minimum: int = 1,
    maximum: int | None = None,
) -> None:
    value = fields.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(prefix + name, "must be a whole number")
    if value < minimum:
        raise fail(prefix + name, f"must be >= {minimum}")
    if maximum is not None and value > maximum:
        raise fail(prefix + name, f"must be <= {maximum}")


def string(fields: Mapping[str, Any], name: str, *, prefix: str = "") -> None:
    """fields[name], when given, is a string (possibly empty)."""
    value = fields.get(name)
    if value is not None and not isinstance(value, str):
        raise fail(prefix + name, "must be a string")


def boolean(fields: Mapping[str, Any], name: str, *, prefix: str = "") -> None:
    value = fields.get(name)
    if value is not None and not isinstance(value, bool):
        raise fail(prefix + name, "must be true or false")


def one_of(
    fields: Mapping[str, Any], name: str, allowed: Iterable[str], *, prefix: str = ""
) -> None:
    value = fields.get(name)
    if value is None:
        return
    choices = tuple(allowed)
    if value not in choices:
        raise fail(prefix + name, "must be one of " + ", ".join(repr(c) for c in choices))


def each_one_of(
    fields: Mapping[str, Any], name: str, allowed: Iterable[str], *, prefix: str = ""
) -> None:
    """A list filter whose items are each an allowed value (a single value is accepted)."""
    value = fields.get(name)
    if value is None:
        return
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise fail(prefix + name, "must be a value or a list of values")
    choices = tuple(allowed)
    for index, item in enumerate(items):
        if item not in choices:
            raise fail(
                f"{prefix}{name}[{index}]", "must be one of " + ", ".join(repr(c) for c in choices)
            )


def string_list(
    fields: Mapping[str, Any], name: str, *, prefix: str = "", required: bool = False
) -> None:
    value = fields.get(name)
    if value is None:
        if required:
            raise fail(prefix + name, "is required")
        return
    if not isinstance(value, list | tuple) or (required and not value):
        raise fail(prefix + name, "must be a non-empty list of strings")
    for index, item in enumerate(value):
        non_empty_string(item, f"{prefix}{name}[{index}]")


def stop_sequences(fields: Mapping[str, Any], name: str = "stop") -> None:
    value = fields.get(name)
    if value is None:
        return
    if isinstance(value, str):
        if not value:
            raise fail(name, "must be a non-empty string or a list of them")
        return
    if not isinstance(value, list | tuple):
        raise fail(name, "must be a string or a list of strings")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise fail(f"{name}[{index}]", "must be a non-empty string")


def text_input(value: Any, field: str) -> None:
    """A string or a non-empty list of non-empty strings (embeddings, moderation, ...)."""
    if isinstance(value, str):
        non_empty_string(value, field)
        return
    if not isinstance(value, list | tuple) or not value:
        raise fail(field, "must be a non-empty string or a non-empty list of strings")
    for index, item in enumerate(value):
        non_empty_string(item, f"{field}[{index}]")


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise fail(field, "must be an object (a dict or a generated model)")
    return value


def _content_part(part: Any, field: str) -> None:
    part = mapping(part, field)
    kind = part.get("type")
    if not isinstance(kind, str) or not kind:
        raise fail(f"{field}.type", "is required")
    if kind == "text":
        if not isinstance(part.get("text"), str):
            raise fail(f"{field}.text", "must be a string")
    elif kind == "image_url":
        image = part.get("image_url")
        url = image.get("url") if isinstance(image, Mapping) else image
        non_empty_string(url, f"{field}.image_url" + (".url" if isinstance(image, Mapping) else ""))
    # Other chunk types (document_url, input_audio, thinking, ...) pass through to the API.


def _content(message: Mapping[str, Any], field: str, *, may_be_empty: bool) -> None:
    content = message.get("content")
    if content is None or content == "":
        if may_be_empty:
            return
        raise fail(f"{field}.content", "must be a non-empty string or a list of content parts")
    if isinstance(content, str):
        if not content.strip() and not may_be_empty:
            raise fail(f"{field}.content", "must not be blank")
        return
    if not isinstance(content, list | tuple) or not content:
        raise fail(f"{field}.content", "must be a non-empty string or a list of content parts")
    for index, part in enumerate(content):
        _content_part(part, f"{field}.content[{index}]")


def _tool_calls(calls: Any, field: str) -> None:
    if not isinstance(calls, list | tuple):
        raise fail(field, "must be a list of tool calls")
    for index, call in enumerate(calls):
        call = mapping(call, f"{field}[{index}]")
        function = mapping(call.get("function"), f"{field}[{index}].function")
        non_empty_string(function.get("name"), f"{field}[{index}].function.name")
        arguments = function.get("arguments")
        if not isinstance(arguments, str | Mapping):
            raise fail(f"{field}[{index}].function.arguments", "must be a JSON string or an object")


def messages(value: Any, field: str = "messages") -> None:
    """A non-empty conversation whose messages each follow their role's rules."""
    if not isinstance(value, list | tuple) or not value:
        raise fail(field, "must be a non-empty list of messages")
    for index, raw in enumerate(value):
        where = f"{field}[{index}]"
        message = mapping(raw, where)
        role = message.get("role")
        if role not in MESSAGE_ROLES:
            raise fail(f"{where}.role", "must be one of " + ", ".join(map(repr, MESSAGE_ROLES)))
        has_calls = role == "assistant" and bool(message.get("tool_calls"))
        if message.get("tool_calls") is not None:
            if role != "assistant":
                raise fail(f"{where}.tool_calls", "only assistant messages carry tool_calls")
            _tool_calls(message["tool_calls"], f"{where}.tool_calls")
        # A prefix assistant message or one that made tool calls may have empty content.
        _content(message, where, may_be_empty=has_calls)
        if role == "tool":
            non_empty_string(message.get("tool_call_id"), f"{where}.tool_call_id")


# Agents also take the API's built-in tools (the chat endpoint takes function tools only).
BUILT_IN_TOOLS = (
    "web_search",
    "web_search_premium",
    "code_interpreter",
    "image_generation",
    "document_library",
    "connector",
)


def tools(fields: Mapping[str, Any], *, built_in: bool = False) -> None:
    """`tools`: function tools (chat, FIM), or with `built_in` also the agents' built-ins."""
    value = fields.get("tools")
    if value is None:
        return
    if not isinstance(value, list | tuple):
        raise fail("tools", "must be a list of tools")
    allowed = ("function", *BUILT_IN_TOOLS) if built_in else ("function",)
    for index, raw in enumerate(value):
        where = f"tools[{index}]"
        tool = mapping(raw, where)
        one_of(tool, "type", allowed, prefix=f"{where}.")
        kind = tool.get("type") or "function"  # the generated Tool's default
        if kind == "function":
            function = mapping(tool.get("function"), f"{where}.function")
            non_empty_string(function.get("name"), f"{where}.function.name")
            if function.get("parameters") is not None:
                mapping(function["parameters"], f"{where}.function.parameters")
            continue
        if kind == "document_library":
            string_list(tool, "library_ids", prefix=f"{where}.", required=True)
        elif kind == "connector":
            non_empty_string(tool.get("connector_id"), f"{where}.connector_id")
        if tool.get("tool_configuration") is not None:
            mapping(tool["tool_configuration"], f"{where}.tool_configuration")


def tool_choice(fields: Mapping[str, Any]) -> None:
    value = fields.get("tool_choice")
    if value is None:
        return
    if isinstance(value, str):
        one_of(fields, "tool_choice", TOOL_CHOICE_MODES)
        return
    choice = mapping(value, "tool_choice")
    one_of(choice, "type", ("function",), prefix="tool_choice.")
    function = mapping(choice.get("function"), "tool_choice.function")
    non_empty_string(function.get("name"), "tool_choice.function.name")


def response_format(fields: Mapping[str, Any]) -> None:
    value = fields.get("response_format")
    if value is None:
        return
    fmt = mapping(value, "response_format")
    if fmt.get("type") is None:
        raise fail("response_format.type", "is required")
    one_of(fmt, "type", RESPONSE_FORMAT_TYPES, prefix="response_format.")
    if fmt["type"] == "json_schema":
        schema = mapping(fmt.get("json_schema"), "response_format.json_schema")
        non_empty_string(schema.get("name"), "response_format.json_schema.name")
        mapping(schema.get("schema"), "response_format.json_schema.schema")


def sampling(fields: Mapping[str, Any]) -> None:
    """The sampling knobs chat, FIM and agents share."""
    number_in(fields, "temperature", 0.0, 1.5)
    number_in(fields, "top_p", 0.0, 1.0, low_open=True)
    positive_int(fields, "max_tokens")
    positive_int(fields, "min_tokens", minimum=0)
    positive_int(fields, "random_seed", minimum=0)
    positive_int(fields, "n")
    number_in(fields, "presence_penalty", -2.0, 2.0)
    number_in(fields, "frequency_penalty", -2.0, 2.0)
    stop_sequences(fields)
    boolean(fields, "safe_prompt")
    boolean(fields, "parallel_tool_calls")


def no_stream(fields: Mapping[str, Any], method: str) -> None:
    if fields.get("stream"):
        raise fail("stream", f"is not supported by {method}(); use the streaming method instead")


def known_fields(fields: Mapping[str, Any], allowed: Sequence[str], method: str) -> None:
    """Unknown keyword arguments fail here rather than as a 422 from the API."""
    for name in fields:
        if name not in allowed:
            raise fail(
                name, f"is not a parameter of {method}() (use extra_body for new API fields)"
            )
