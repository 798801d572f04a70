"""Tool helpers, and simulated tool calling in JSON mode (seed 003).

Simulated tool calling keeps the caller's history in the native shape (assistant messages
with `tool_calls`, `tool` messages with `tool_call_id`), so one history serves both modes,
chosen per call. For a JSON-mode call the history is linearised (`linearize_history`),
`tools` / `tool_choice` are dropped, `response_format` becomes json_object, and the reply's
JSON is read into tool intents checked against each tool's parameter schema.

The JSON protocol (what the added instruction asks for, and how calls are rendered):
    {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Lyon"}}]}   call tools
    {"answer": "It is sunny in Lyon."}                                         final answer
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from mistral_generated.models import ChatCompletionResponse, UsageInfo

from .. import _validation as check
from .._validation import fail, to_plain
from ..errors import StructuredOutputError
from ._parse import Attempts, total_usage
from ._reply import check_not_truncated, content_text, finish_reason_of, load_json
from ._schema import Compiler, inline_refs, target_for
from ._validate import Mismatch
from ._validate import check as check_schema

T = TypeVar("T")

TOOL_OUTPUT_PREFIX = "[Tool Output] "
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ANSWER_KEYS = ("answer", "final_answer", "content", "response")


# ----------------------------------------------------------------------------- history


def linearize_history(messages: Sequence[Any]) -> list[dict[str, Any]]:
    """The history rewritten for a JSON-mode call that has no native tools (seed 003 rules):

    - system -> system, user -> user (unchanged);
    - an assistant that made tool calls -> an assistant whose content is JSON: its own
      content when that is JSON, otherwise `{"tool_calls": [{"name", "arguments"}]}`;
    - tool -> user with content `[Tool Output] <content>`.
    Other assistant messages stay as they are. The input is not changed.
    Usage: `client.chat.complete(model=..., messages=linearize_history(history),
    response_format={"type": "json_object"})`
    """
    result: list[dict[str, Any]] = []
    for raw in to_plain(list(messages)):
        message = dict(raw) if isinstance(raw, Mapping) else raw
        role = message.get("role") if isinstance(message, dict) else None
        if role == "tool":
            text = content_text(message.get("content"))
            result.append({"role": "user", "content": TOOL_OUTPUT_PREFIX + text})
        elif role == "assistant" and message.get("tool_calls"):
            result.append({"role": "assistant", "content": _calls_json(message)})
        else:
            result.append(message)
    return result


def _calls_json(message: Mapping[str, Any]) -> str:
    own = content_text(message.get("content")).strip()
    if own:
        try:
            json.loads(own)
            return own
        except ValueError:
            pass  # prose beside the calls: the JSON protocol has no place for it
    calls = []
    for call in message.get("tool_calls") or []:
        function = call.get("function") or {}
        arguments = function.get("arguments")
        if isinstance(arguments, str):
            with contextlib.suppress(ValueError):  # else keep the string the model sent
                arguments = json.loads(arguments)
        calls.append({"name": function.get("name"), "arguments": arguments})
    return json.dumps({"tool_calls": calls}, ensure_ascii=False)


# ----------------------------------------------------------------------- tool definitions


def tool_from_function(
    function: Callable[..., Any], *, name: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """A function tool definition from a Python function's signature, annotations and
    docstring (its first paragraph describes the tool; `Args:` lines describe parameters).
    Parameters without a default are required; no other arguments are allowed.

    Usage: `tools=[tool_from_function(get_weather)]`
    """
    if not callable(function):
        raise fail("function", "must be a function")
    tool_name = check.non_empty_string(name or getattr(function, "__name__", ""), "name")
    try:
        hints = typing.get_type_hints(function, include_extras=True)
        signature = inspect.signature(function)
    except Exception as exc:
        raise fail("function", f"cannot read the signature of {tool_name}: {exc}") from exc
    summary, documented = _docstring(inspect.getdoc(function) or "")
    compiler = Compiler("function")
    properties: dict[str, Any] = {}
    required: list[str] = []
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise fail("function", f"{tool_name}: *args and **kwargs cannot be tool parameters")
        if parameter.kind is parameter.POSITIONAL_ONLY:
            raise fail("function", f"{tool_name}: positional-only parameters cannot be named")
        if parameter.name not in hints:
            raise fail("function", f"{tool_name}: parameter {parameter.name!r} has no annotation")
        node = compiler.codec(hints[parameter.name], f"{tool_name}({parameter.name})").schema()
        if parameter.name in documented:
            node = {**node, "description": documented[parameter.name]}
        properties[parameter.name] = node
        if parameter.default is parameter.empty:
            required.append(parameter.name)
    parameters = inline_refs(
        {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
            "$defs": compiler.defs,
        }
    )
    return _function_tool(tool_name, description or summary, parameters)


def tool_from_type(
    tp: Any, *, name: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """A function tool definition whose arguments are the fields of a class (attrs,
    dataclass, TypedDict, pydantic) or a JSON Schema dict; the schema is strict.

    Usage: `tools=[tool_from_type(GetWeather, name="get_weather")]`
    """
    target = target_for(tp, "tp")
    tool_name = check.non_empty_string(name or getattr(tp, "__name__", None) or target.name, "name")
    return _function_tool(tool_name, description or target.description, target.schema)


def _function_tool(
    name: str, description: str | None, parameters: dict[str, Any]
) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name, "parameters": parameters}
    if description:
        function["description"] = description
    return {"type": "function", "function": function}


_ARGS_HEADER = re.compile(r"^(Args|Arguments|Parameters|Params):\s*$")
_ARG_LINE = re.compile(r"^\s+\*{0,2}(\w+)(?:\s*\([^)]*\))?\s*:\s*(.+)$")


def _docstring(doc: str) -> tuple[str | None, dict[str, str]]:
    """The first paragraph, and the `name: text` entries of an `Args:` section."""
    summary = doc.split("\n\n", 1)[0].strip() or None
    if summary and _ARGS_HEADER.match(summary.splitlines()[0]):
        summary = None
    documented: dict[str, str] = {}
    in_args, current, entry_indent = False, "", -1
    for line in doc.splitlines():
        if _ARGS_HEADER.match(line):
            in_args, current, entry_indent = True, "", -1
            continue
        if not in_args or not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            break  # the next section
        match = _ARG_LINE.match(line)
        if match and (entry_indent < 0 or indent == entry_indent):
            entry_indent, current = indent, match.group(1)
            documented[current] = match.group(2).strip()
        elif current and indent > entry_indent:
            documented[current] += " " + line.strip()
    return summary, documented


def parse_tool_arguments(tool_call: Any, tp: type[T]) -> T:
    """A native tool call's arguments (a JSON string or an object) read into `tp`, checked
    against its strict schema; StructuredOutputError names the tool and the field.

    Usage: `args = parse_tool_arguments(reply.choices[0].message.tool_calls[0], GetWeather)`
    """
    call = to_plain(tool_call)
    function = call.get("function", call) if isinstance(call, Mapping) else {}
    tool = str(function.get("name") or getattr(tp, "__name__", "tool"))
    arguments = function.get("arguments")
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    target = target_for(tp, "tp")
    try:
        value = load_json(arguments) if isinstance(arguments, str) else arguments
    except StructuredOutputError as exc:
        raise _tool_error(raw, tool, Mismatch("$", f"arguments are not JSON: {exc.rule}")) from None
    try:
        check_schema(value, target.schema, target.schema)
        built: T = target.codec.build(value, "$")
    except Mismatch as exc:
        raise _tool_error(raw, tool, exc) from None
    return built


def _tool_error(raw: str, tool: str, exc: Mismatch) -> StructuredOutputError:
    return StructuredOutputError(
        f"tool {tool!r}: arguments do not match its parameters: {exc.path}: {exc.rule}",
        raw=raw,
        reason="tool",
        field=exc.path,
        rule=exc.rule,
        tool=tool,
    )


# --------------------------------------------------------------------- simulated calling


@attrs.frozen
class ToolIntent:
    """A tool call the model asked for in JSON mode, its arguments checked.

    `id` is made up (the API gives none in JSON mode), stable for the same reply.
    Usage: `history.append(intent.result(get_weather(**intent.arguments)))`
    """

    id: str
    name: str
    arguments: dict[str, Any]

    def tool_call(self) -> dict[str, Any]:
        """The native `tool_calls` item for this intent."""
        arguments = json.dumps(self.arguments, ensure_ascii=False)
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": arguments},
        }

    def result(self, output: Any) -> dict[str, Any]:
        """The `tool` message that answers this call (non-string output becomes JSON)."""
        text = output if isinstance(output, str) else json.dumps(to_plain(output))
        return {"role": "tool", "tool_call_id": self.id, "name": self.name, "content": text}


@attrs.frozen
class ToolTurn:
    """One simulated-tools reply: the tool intents, or the final answer.

    `completion` is the raw reply (its content is the model's JSON; `tool_calls` empty);
    `message` is the assistant message to append to the history (native shape, so the
    same history also works for native tool calling). `usage` sums every attempt.
    Usage::

        turn = client.chat.simulate_tools(model=..., messages=history, tools=tools)
        history.append(turn.message)
        for intent in turn.tool_calls:
            history.append(intent.result(run_tool(intent.name, intent.arguments)))
    """

    content: str
    tool_calls: list[ToolIntent]
    answer: Any
    completion: ChatCompletionResponse | None = None
    usage: UsageInfo | None = None
    attempts: int = 1

    @property
    def done(self) -> bool:
        """True when the model answered instead of calling tools."""
        return not self.tool_calls

    @property
    def message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = [intent.tool_call() for intent in self.tool_calls]
        return message


@attrs.frozen
class _Tool:
    name: str
    parameters: Any


def _tool_table(tools: Any) -> dict[str, _Tool]:
    check.tools({"tools": tools})
    if not tools:
        raise fail("tools", "must be a non-empty list of tools")
    table: dict[str, _Tool] = {}
    for index, tool in enumerate(to_plain(list(tools))):
        function = tool["function"]
        name = function["name"]
        if name in table:
            raise fail(f"tools[{index}].function.name", f"repeats the tool name {name!r}")
        parameters = function.get("parameters") or {"type": "object"}
        table[name] = _Tool(name, inline_refs(dict(parameters)))
    return table


def _make_id(seed: str, index: int) -> str:
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return "".join(_ID_ALPHABET[b % len(_ID_ALPHABET)] for b in digest[:9])


def _call_items(value: Any) -> list[Any] | None:
    """The call objects of a reply, in the shapes models write; None when it answers."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        return None
    for key in ("tool_calls", "tools", "calls"):
        if isinstance(value.get(key), list):
            return list(value[key])
    for key in ("tool_call", "function_call", "call"):
        if isinstance(value.get(key), dict):
            return [value[key]]
    if ("name" in value or "tool" in value) and any(
        k in value for k in ("arguments", "parameters", "args", "input")
    ):
        return [value]
    return None


def _intent(item: Any, index: int, tools: Mapping[str, _Tool], raw: str, seed: str) -> ToolIntent:
    where = f"$.tool_calls[{index}]"
    if not isinstance(item, dict):
        raise _shape_error(raw, where, "must be an object with name and arguments")
    function: dict[str, Any] = item["function"] if isinstance(item.get("function"), dict) else item
    name = function.get("name", function.get("tool"))
    if not isinstance(name, str) or not name:
        raise _shape_error(raw, f"{where}.name", "must be the name of one of the tools")
    tool = tools.get(name)
    if tool is None:
        known = ", ".join(repr(t) for t in tools)
        raise StructuredOutputError(
            f"the reply calls an unknown tool {name!r}: {where}.name must be one of {known}",
            raw=raw,
            reason="tool",
            field=f"{where}.name",
            rule=f"must be one of {known}",
            tool=name,
        )
    arguments: Any = next(
        (function[k] for k in ("arguments", "parameters", "args", "input") if k in function), {}
    )
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            raise _tool_error(raw, name, Mismatch("$", "arguments are not JSON")) from None
    try:
        check_schema(arguments, tool.parameters, tool.parameters)
    except Mismatch as exc:
        raise _tool_error(raw, name, exc) from None
    if not isinstance(arguments, dict):
        raise _tool_error(raw, name, Mismatch("$", "arguments must be an object"))
    return ToolIntent(id=_make_id(seed, index), name=name, arguments=arguments)


def _shape_error(raw: str, field: str, rule: str) -> StructuredOutputError:
    return StructuredOutputError(
        f"the reply is not a tool call: {field}: {rule}",
        raw=raw,
        reason="tool",
        field=field,
        rule=rule,
    )


def _answer_of(value: Any) -> Any:
    if isinstance(value, dict):
        for key in _ANSWER_KEYS:
            if key in value:
                return value[key]
    return value


def _choice_rules(
    intents: list[ToolIntent], raw: str, tool_choice: Any, parallel: bool | None
) -> None:
    choice = to_plain(tool_choice)
    if choice == "none" and intents:
        raise _shape_error(raw, "$", "must be an answer: tool_choice is 'none'")
    if choice in ("any", "required") and not intents:
        raise _shape_error(raw, "$", f"must call a tool: tool_choice is {choice!r}")
    if isinstance(choice, Mapping):
        wanted = (choice.get("function") or {}).get("name")
        if not intents or any(i.name != wanted for i in intents):
            raise _shape_error(raw, "$", f"must call the tool {wanted!r} (tool_choice)")
    if parallel is False and len(intents) > 1:
        raise _shape_error(raw, "$.tool_calls", "must hold one call: parallel_tool_calls is false")


def parse_tool_intents(
    reply: Any,
    tools: Sequence[Any],
    *,
    tool_choice: Any = "auto",
    parallel_tool_calls: bool | None = None,
) -> list[ToolIntent]:
    """The tool intents in a JSON-mode reply (a chat completion or its content string),
    each checked against its tool's parameter schema; [] when the reply is an answer.

    Reads `{"tool_calls": [{"name", "arguments"}]}` and the other shapes models write
    (`{"name", "arguments"}`, `{"tool", "parameters"}`, a list of calls). Raises
    StructuredOutputError (reason "tool", naming the tool and the field) otherwise.
    Usage: `intents = parse_tool_intents(reply, tools=[weather_tool])`
    """
    return _read_turn(reply, _tool_table(tools), tool_choice, parallel_tool_calls).tool_calls


def _read_turn(
    reply: Any, tools: Mapping[str, _Tool], tool_choice: Any, parallel: bool | None
) -> ToolTurn:
    completion = reply if isinstance(reply, ChatCompletionResponse) else None
    if completion is not None:
        if not completion.choices:
            raise StructuredOutputError("the reply has no choices", raw="", reason="not_json")
        choice = completion.choices[0]
        raw = content_text(choice.message.content)
        check_not_truncated(raw, finish_reason_of(choice))
        seed = completion.id
    else:
        raw = reply if isinstance(reply, str) else content_text(reply)
        seed = raw
    value = load_json(raw)
    items = _call_items(value)
    intents = [_intent(item, i, tools, raw, seed) for i, item in enumerate(items or [])]
    _choice_rules(intents, raw, tool_choice, parallel)
    answer = None if intents else _answer_of(value)
    return ToolTurn(content=raw, tool_calls=intents, answer=answer, completion=completion)


def tool_instruction(tools: Sequence[Any], tool_choice: Any = "auto", parallel: Any = None) -> str:
    """The system instruction that teaches the JSON protocol and lists the tools."""
    lines = [
        "You can call tools. Reply with exactly one JSON object and nothing else.",
        'To call tools: {"tool_calls": [{"name": "<tool name>", "arguments": {...}}]}',
        'To answer the user: {"answer": "<your answer>"}',
        f'Tool results come back as user messages that start with "{TOOL_OUTPUT_PREFIX.strip()}".',
    ]
    choice = to_plain(tool_choice)
    if choice == "none":
        lines.append("Do not call tools now: answer.")
    elif choice in ("any", "required"):
        lines.append("You must call at least one tool now.")
    elif isinstance(choice, Mapping):
        lines.append(f"You must call the tool {(choice.get('function') or {}).get('name')!r} now.")
    if parallel is False:
        lines.append("Call at most one tool per reply.")
    lines.append("Tools (each with the JSON Schema of its arguments):")
    for tool in to_plain(list(tools)):
        function = tool["function"]
        about = f": {function['description']}" if function.get("description") else ""
        lines.append(f"- {function['name']}{about}")
        parameters = function.get("parameters") or {"type": "object"}
        lines.append("  " + json.dumps(parameters, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def simulated_tool_request(
    params: Mapping[str, Any], *, instruction: bool | None = None
) -> dict[str, Any]:
    """chat.complete keyword arguments with native tools turned into JSON mode (seed 003):
    the history linearised, `tools` / `tool_choice` / `parallel_tool_calls` dropped,
    `response_format` json_object. `instruction` adds a system message describing the
    protocol and the tools: None (default) adds it only when the history has no system
    message of its own, True always (before the caller's), False never.

    Usage: `reply = client.chat.complete(**simulated_tool_request({"model": m,
    "messages": history, "tools": tools}))`
    """
    fields = dict(params)
    tools = fields.pop("tools", None)
    tool_choice = fields.pop("tool_choice", None)
    parallel = fields.pop("parallel_tool_calls", None)
    if fields.get("response_format") is not None:
        raise fail("response_format", "is set by simulated tool calling (json_object)")
    if instruction is not None and not isinstance(instruction, bool):
        raise fail("instruction", "must be true, false or None")
    _tool_table(tools)
    check.tool_choice({"tool_choice": tool_choice})
    check.messages(to_plain(fields.get("messages")))
    messages = linearize_history(fields["messages"])
    has_system = any(m.get("role") == "system" for m in messages)
    if instruction or (instruction is None and not has_system):
        text = tool_instruction(tools or [], tool_choice or "auto", parallel)
        messages = [{"role": "system", "content": text}, *messages]
    fields["messages"] = messages
    fields["response_format"] = {"type": "json_object"}
    return fields


def simulated_attempts(
    params: Mapping[str, Any], *, max_reasks: int, instruction: bool | None
) -> Attempts[ToolTurn]:
    """The loop behind `chat.simulate_tools`; raises RequestValidationError before sending."""
    if params.get("stream"):
        raise fail("stream", "is not supported by chat.simulate_tools()")
    table = _tool_table(params.get("tools"))
    tool_choice = params.get("tool_choice", "auto")
    parallel = params.get("parallel_tool_calls")
    request = simulated_tool_request(params, instruction=instruction)

    def read(
        completion: ChatCompletionResponse, completions: Sequence[ChatCompletionResponse]
    ) -> ToolTurn:
        turn = _read_turn(completion, table, tool_choice, parallel)
        return attrs.evolve(turn, usage=total_usage(completions), attempts=len(completions))

    return Attempts(request, read, max_reasks)
