"""`client.chat`: chat completions (POST /v1/chat/completions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict, TypeVar, Unpack, overload

from mistral_generated.api.chat import chat_complete
from mistral_generated.models import (
    AssistantMessage,
    ChatCompletionMessage,
    ChatCompletionResponse,
    CompletionChunk,
    PromptMode,
    ReasoningEffort,
    ResponseFormat,
    SystemMessage,
    Tool,
    ToolChoice,
    ToolChoiceEnum,
    ToolMessage,
    UserMessage,
)

from .. import _literals as lit
from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from .._streaming import AsyncStream, Stream
from .._structured import (
    Attempts,
    ParsedChatCompletion,
    ToolTurn,
    parse_attempts,
    simulated_attempts,
    structured_stream_request,
)
from .._structured_stream import AsyncStructuredStream, StructuredStream
from ._base import (
    AsyncResource,
    SyncResource,
    api_fields,
    enum_values,
    plain_body,
    prepare,
    stream_call,
)

T = TypeVar("T")
R = TypeVar("R")

Message = (
    SystemMessage
    | UserMessage
    | AssistantMessage
    | ToolMessage
    | ChatCompletionMessage  # a reply's message, sent back as history
    | Mapping[str, Any]
)


class SamplingParams(CallOptions, total=False):
    """Fields chat, FIM and agent completions all accept."""

    max_tokens: int | None
    stop: str | Sequence[str] | None
    random_seed: int | None
    metadata: Mapping[str, Any] | None


class StreamFlag(TypedDict, total=False):
    """`stream`, which `complete` accepts only as False; the `stream` methods always stream."""

    stream: bool | None


class ConversationParams(SamplingParams, total=False):
    """The conversation and its sampling fields (chat, agents, chat.parse)."""

    messages: Required[Sequence[Message]]
    presence_penalty: float | None
    frequency_penalty: float | None
    n: int | None
    prediction: Mapping[str, Any] | None
    prompt_mode: lit.PromptModeValue | PromptMode | None
    reasoning_effort: lit.ReasoningEffortValue | ReasoningEffort | None


class ToolParams(TypedDict, total=False):
    """Native tool calling fields."""

    tools: Sequence[Tool | Mapping[str, Any]] | None
    tool_choice: ToolChoice | Mapping[str, Any] | lit.ToolChoiceEnumValue | ToolChoiceEnum | None
    parallel_tool_calls: bool | None


class ChatParams(ConversationParams, ToolParams, total=False):
    """Fields shared by chat and agent completions."""

    response_format: ResponseFormat | Mapping[str, Any] | None


class ChatModelParams(TypedDict, total=False):
    """Fields of chat completions that agents do not take."""

    model: Required[str]
    temperature: float | None
    top_p: float | None
    safe_prompt: bool | None
    guardrails: Sequence[Mapping[str, Any]] | None


class ChatStreamParams(ChatParams, ChatModelParams, total=False):
    """Keyword arguments of `client.chat.stream` (those of `complete` but `stream`)."""


class ChatCompleteParams(ChatStreamParams, StreamFlag, total=False):
    """Keyword arguments of `client.chat.complete` (the API's field names)."""


class ChatParseParams(ConversationParams, ChatModelParams, total=False):
    """Keyword arguments of `client.chat.parse` besides `response_format` and `max_reasks`."""


class SimulateToolsParams(ConversationParams, ChatModelParams, total=False):
    """Keyword arguments of `client.chat.simulate_tools` besides `instruction`, `max_reasks`."""

    tools: Required[Sequence[Tool | Mapping[str, Any]]]
    tool_choice: ToolChoice | Mapping[str, Any] | lit.ToolChoiceEnumValue | ToolChoiceEnum | None
    parallel_tool_calls: bool | None


CHAT_FIELDS = api_fields(ChatCompleteParams)


def validate_chat_fields(fields: Mapping[str, Any], method: str) -> None:
    """The rules chat and agent completions share."""
    check.no_stream(fields, method)
    check.messages(fields.get("messages"))
    check.sampling(fields)
    check.tools(fields)
    check.tool_choice(fields)
    check.response_format(fields)
    check.one_of(fields, "prompt_mode", enum_values(PromptMode))
    check.one_of(fields, "reasoning_effort", enum_values(ReasoningEffort))


def complete_call(
    params: Mapping[str, Any], method: str = "chat.complete"
) -> Call[ChatCompletionResponse]:
    fields, options = prepare(params, CHAT_FIELDS, method)
    check.non_empty_string(fields.get("model"), "model")
    validate_chat_fields(fields, method)
    return Call(
        operation=method,
        request=chat_complete._get_kwargs(body=plain_body(fields)),
        parse=model_parser(ChatCompletionResponse.from_dict),
        retry_safe=True,
        options=options,
        model=fields["model"],
    )


class Chat(SyncResource):
    """Chat completions. Usage: `client.chat.complete(model=..., messages=[...])`"""

    def complete(self, **params: Unpack[ChatCompleteParams]) -> ChatCompletionResponse:
        """Generate a reply to `messages`.

        Usage: `client.chat.complete(model="mistral-small-latest",
        messages=[{"role": "user", "content": "Hi"}], temperature=0.2)`
        """
        return self._run(complete_call(params))

    @overload
    def stream(
        self, *, response_format: type[T], **params: Unpack[ChatParseParams]
    ) -> StructuredStream[T]: ...
    @overload
    def stream(self, **params: Unpack[ChatStreamParams]) -> Stream[CompletionChunk]: ...
    def stream(self, **params: Any) -> Stream[CompletionChunk] | StructuredStream[Any]:
        """Stream a reply to `messages`: typed chunks, `text()`, `get_final_completion()`.
        With `response_format=T` (a class), each chunk comes with the partial object so far
        and `get_final_parsed()` gives the validated T.

        Usage: `with client.chat.stream(model="mistral-small-latest", messages=msgs) as s:
        for text in s.text(): print(text, end="")`
        """
        if isinstance(params.get("response_format"), type):
            fields, target = structured_stream_request(params)
            return StructuredStream(
                self._stream(stream_call(fields, "chat.stream", complete_call)), target
            )
        return self._stream(stream_call(params, "chat.stream", complete_call))

    @overload
    def parse(
        self,
        *,
        response_format: type[T],
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[T]: ...
    @overload
    def parse(
        self,
        *,
        response_format: Mapping[str, Any],
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[Any]: ...
    def parse(
        self,
        *,
        response_format: Any = None,  # required (see the overloads); None fails validation
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[Any]:
        """Ask for a type and get it back: `response_format` is an attrs class, dataclass,
        TypedDict, pydantic model or JSON Schema dict (sent as a strict json_schema), or
        `{"type": "json_object"}` for any JSON. Each choice is validated and built at
        `.choices[i].message.parsed`; a bad reply raises StructuredOutputError, or with
        `max_reasks=N` is sent back with the error up to N times.

        Usage: `recipe = client.chat.parse(model="mistral-small-latest",
        messages=[...], response_format=Recipe).parsed`
        """
        attempts = parse_attempts(params, response_format, max_reasks=max_reasks, strict=strict)
        return self._settle(attempts, "chat.parse")

    def simulate_tools(
        self,
        *,
        instruction: bool | None = None,
        max_reasks: int = 0,
        **params: Unpack[SimulateToolsParams],
    ) -> ToolTurn:
        """Tool calling in JSON mode (no native tools sent): the history is linearised,
        the reply read into tool intents checked against each tool's parameters, or into
        the final answer. `instruction` adds a system message describing the protocol and
        the tools (default: only when the history has none).

        Usage: `turn = client.chat.simulate_tools(model=..., messages=history, tools=tools)`
        """
        attempts = simulated_attempts(params, max_reasks=max_reasks, instruction=instruction)
        return self._settle(attempts, "chat.simulate_tools")

    def _settle(self, attempts: Attempts[R], method: str) -> R:
        """Send the loop's requests until it has its result (or raises)."""
        while True:
            result = attempts.receive(self._run(complete_call(attempts.request(), method)))
            if result is not None:
                return result


class AsyncChat(AsyncResource):
    """Async chat completions. Usage: `await client.chat.complete(model=..., messages=[...])`"""

    async def complete(self, **params: Unpack[ChatCompleteParams]) -> ChatCompletionResponse:
        """Generate a reply to `messages` (see `Chat.complete`)."""
        return await self._run(complete_call(params))

    @overload
    def stream(
        self, *, response_format: type[T], **params: Unpack[ChatParseParams]
    ) -> AsyncStructuredStream[T]: ...
    @overload
    def stream(self, **params: Unpack[ChatStreamParams]) -> AsyncStream[CompletionChunk]: ...
    def stream(self, **params: Any) -> AsyncStream[CompletionChunk] | AsyncStructuredStream[Any]:
        """Stream a reply (see `Chat.stream`): `async with client.chat.stream(...) as s:`."""
        if isinstance(params.get("response_format"), type):
            fields, target = structured_stream_request(params)
            stream = self._stream(stream_call(fields, "chat.stream", complete_call))
            return AsyncStructuredStream(stream, target)
        return self._stream(stream_call(params, "chat.stream", complete_call))

    @overload
    async def parse(
        self,
        *,
        response_format: type[T],
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[T]: ...
    @overload
    async def parse(
        self,
        *,
        response_format: Mapping[str, Any],
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[Any]: ...
    async def parse(
        self,
        *,
        response_format: Any = None,  # required (see the overloads); None fails validation
        max_reasks: int = 0,
        strict: bool = True,
        **params: Unpack[ChatParseParams],
    ) -> ParsedChatCompletion[Any]:
        """Ask for a type and get it back (see `Chat.parse`)."""
        attempts = parse_attempts(params, response_format, max_reasks=max_reasks, strict=strict)
        return await self._settle(attempts, "chat.parse")

    async def simulate_tools(
        self,
        *,
        instruction: bool | None = None,
        max_reasks: int = 0,
        **params: Unpack[SimulateToolsParams],
    ) -> ToolTurn:
        """Tool calling in JSON mode (see `Chat.simulate_tools`)."""
        attempts = simulated_attempts(params, max_reasks=max_reasks, instruction=instruction)
        return await self._settle(attempts, "chat.simulate_tools")

    async def _settle(self, attempts: Attempts[R], method: str) -> R:
        """Send the loop's requests until it has its result (or raises)."""
        while True:
            result = attempts.receive(await self._run(complete_call(attempts.request(), method)))
            if result is not None:
                return result
