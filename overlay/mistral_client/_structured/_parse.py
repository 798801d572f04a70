"""`chat.parse`: the parsed-result types and the bounded re-ask loop.

The loop is a small state machine with no I/O: the resource asks it for the next request,
sends it through the ordinary chat call path, and hands back the completion. Sync and
async share it; only the `await` differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from mistral_generated.models import ChatCompletionResponse, UsageInfo

from .._validation import fail, to_plain
from ..errors import StructuredOutputError
from ._reply import check_not_truncated, content_text, finish_reason_of, load_json, read_target
from ._schema import Target, target_for

T = TypeVar("T")
R = TypeVar("R")

Reader = Callable[[ChatCompletionResponse, Sequence[ChatCompletionResponse]], R]

_REASK = (
    "Your previous reply could not be used: {error}. Reply again with only the JSON that "
    "was asked for, complete and valid, and nothing else."
)


@attrs.frozen
class ParsedMessage(Generic[T]):
    """The assistant's reply: its raw text (`content`) and the value read from it (`parsed`)."""

    content: str
    parsed: T
    role: str = "assistant"


@attrs.frozen
class ParsedChoice(Generic[T]):
    """One answer of a parsed completion."""

    index: int
    message: ParsedMessage[T]
    finish_reason: str | None


@attrs.frozen
class ParsedChatCompletion(Generic[T]):
    """What `chat.parse` returns: every choice read into the requested type.

    `usage` is summed over every attempt (re-asks included); `attempts` counts them;
    `completion` is the last raw reply.
    Usage: `result = client.chat.parse(model=..., messages=..., response_format=Recipe)`;
    `recipe: Recipe = result.choices[0].message.parsed` (or `result.parsed`)
    """

    id: str
    model: str
    choices: list[ParsedChoice[T]]
    usage: UsageInfo | None
    attempts: int
    completion: ChatCompletionResponse
    created: int | None = None

    @property
    def parsed(self) -> T:
        """The first choice's value."""
        return self.choices[0].message.parsed


def total_usage(completions: Sequence[ChatCompletionResponse]) -> UsageInfo | None:
    """The token usage of all attempts together (the last one's own when there was one)."""
    usages = [c.usage for c in completions if isinstance(c.usage, UsageInfo)]
    if not usages:
        return None
    if len(completions) == 1:
        return usages[0]
    return UsageInfo(
        prompt_tokens=sum(u.prompt_tokens for u in usages),
        total_tokens=sum(u.total_tokens for u in usages),
        completion_tokens=sum(
            u.completion_tokens for u in usages if isinstance(u.completion_tokens, int)
        ),
    )


class Attempts(Generic[R]):
    """The bounded re-ask loop: at most `1 + max_reasks` requests.

    Each failed reply (truncated, not JSON, wrong shape) is sent back with the error, in a
    new message list: the caller's `messages` are never changed.
    Usage (what the resource does): `while (r := a.receive(run(a.request()))) is None: pass`
    """

    def __init__(self, params: Mapping[str, Any], read: Reader[R], max_reasks: int) -> None:
        if isinstance(max_reasks, bool) or not isinstance(max_reasks, int) or max_reasks < 0:
            raise fail("max_reasks", "must be a whole number >= 0")
        self._params = dict(params)
        self._base = list(self._params.get("messages") or [])
        self._messages = self._base
        self._read = read
        self._max_reasks = max_reasks
        self.completions: list[ChatCompletionResponse] = []

    def request(self) -> dict[str, Any]:
        """The keyword arguments of the next chat completion."""
        return {**self._params, "messages": self._messages}

    def receive(self, completion: ChatCompletionResponse) -> R | None:
        """The result, or None when another attempt is due (then call `request` again)."""
        self.completions.append(completion)
        try:
            return self._read(completion, self.completions)
        except StructuredOutputError as exc:
            exc.attempts = len(self.completions)
            exc.completion = completion
            if len(self.completions) > self._max_reasks:
                raise
            self._messages = [*self._base, *reask_messages(exc)]
            return None


def reask_messages(error: StructuredOutputError) -> list[dict[str, Any]]:
    """The turn that tells the model what was wrong with its reply."""
    messages: list[dict[str, Any]] = []
    if error.raw.strip():
        messages.append({"role": "assistant", "content": error.raw})
    messages.append({"role": "user", "content": _REASK.format(error=str(error))})
    return messages


def _no_choices(completion: ChatCompletionResponse) -> StructuredOutputError:
    return StructuredOutputError(
        "the reply has no choices", raw="", reason="not_json", completion=completion
    )


def parsed_reader(target: Target | None) -> Reader[ParsedChatCompletion[Any]]:
    """Reads every choice into `target`'s type (any JSON value when `target` is None)."""

    def read(
        completion: ChatCompletionResponse, completions: Sequence[ChatCompletionResponse]
    ) -> ParsedChatCompletion[Any]:
        choices: list[ParsedChoice[Any]] = []
        for choice in completion.choices:
            raw = content_text(choice.message.content)
            reason = finish_reason_of(choice)
            check_not_truncated(raw, reason)
            value = load_json(raw) if target is None else read_target(raw, target)
            choices.append(ParsedChoice(choice.index, ParsedMessage(raw, value), reason))
        if not choices:
            raise _no_choices(completion)
        created = completion.created if isinstance(completion.created, int) else None
        return ParsedChatCompletion(
            id=completion.id,
            model=completion.model,
            choices=choices,
            usage=total_usage(completions),
            attempts=len(completions),
            completion=completion,
            created=created,
        )

    return read


_NOT_WITH_PARSE = ("tools", "tool_choice", "parallel_tool_calls", "stream")


def parse_request(
    params: Mapping[str, Any], response_format: Any, *, strict: bool = True, method: str
) -> tuple[dict[str, Any], Target | None]:
    """The chat fields for a structured reply (its `response_format` sent as a strict
    json_schema) and the target to read it into; RequestValidationError before sending."""
    for name in _NOT_WITH_PARSE:
        if params.get(name) is not None:
            raise fail(
                name,
                f"is not supported by {method}(): use chat.simulate_tools for tools in JSON "
                "mode, chat.complete for native tool calls, chat.stream for streaming",
            )
    if not isinstance(strict, bool):
        raise fail("strict", "must be true or false")
    wire, target = response_format_and_target(response_format, strict=strict)
    return {**params, "response_format": wire}, target


def parse_attempts(
    params: Mapping[str, Any], response_format: Any, *, max_reasks: int, strict: bool
) -> Attempts[ParsedChatCompletion[Any]]:
    """The loop behind `chat.parse`; raises RequestValidationError before anything is sent."""
    request, target = parse_request(params, response_format, strict=strict, method="chat.parse")
    return Attempts(request, parsed_reader(target), max_reasks)


def response_format_and_target(
    response_format: Any, *, strict: bool = True
) -> tuple[dict[str, Any], Target | None]:
    """The `response_format` to send for a type, a JSON Schema dict or a response_format
    dict, and the target to read replies into (None for plain JSON mode)."""
    plain = to_plain(response_format) if not isinstance(response_format, type) else None
    if isinstance(plain, Mapping) and plain.get("type") in ("json_object", "json_schema", "text"):
        kind = plain["type"]
        if kind == "json_object":
            return {"type": "json_object"}, None
        if kind == "text":
            raise fail("response_format.type", "must be json_object or json_schema for parse")
        spec = plain.get("json_schema")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("schema"), Mapping):
            raise fail("response_format.json_schema.schema", "must be a JSON Schema object")
        wanted_strict = spec.get("strict", strict)
        target = target_for(
            spec["schema"], "response_format.json_schema.schema", strict=bool(wanted_strict)
        )
        name = spec.get("name")
        target = attrs.evolve(
            target,
            name=name if isinstance(name, str) and name else target.name,
            description=spec.get("description") or target.description,
        )
        return target.response_format(strict=bool(wanted_strict)), target
    if response_format is None:
        raise fail(
            "response_format", "is required: a class, a JSON Schema dict, or a response_format"
        )
    target = target_for(plain if isinstance(plain, Mapping) else response_format, strict=strict)
    return target.response_format(strict=strict), target


def response_format_for(tp: Any, *, strict: bool = True) -> dict[str, Any]:
    """The strict `response_format` (json_schema) for a class or a JSON Schema dict, for
    calls you make yourself (`chat.complete`, batch files).

    Usage: `client.chat.complete(..., response_format=response_format_for(Recipe))`
    """
    return response_format_and_target(tp, strict=strict)[0]


def structured_stream_request(params: Mapping[str, Any]) -> tuple[dict[str, Any], Target]:
    """`chat.stream(response_format=T)`: the fields to stream and the target of the reply."""
    fields = dict(params)
    request, target = parse_request(
        fields, fields.pop("response_format"), strict=True, method="chat.stream"
    )
    assert target is not None  # a class always has one
    return request, target
