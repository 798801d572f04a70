"""`client.chat`: chat completions (POST /v1/chat/completions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict, Unpack

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
from ._base import (
    AsyncResource,
    SyncResource,
    api_fields,
    enum_values,
    plain_body,
    prepare,
    stream_call,
)

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


class ChatParams(SamplingParams, total=False):
    """Fields shared by chat and agent completions."""

    messages: Required[Sequence[Message]]
    response_format: ResponseFormat | Mapping[str, Any] | None
    tools: Sequence[Tool | Mapping[str, Any]] | None
    tool_choice: ToolChoice | Mapping[str, Any] | lit.ToolChoiceEnumValue | ToolChoiceEnum | None
    presence_penalty: float | None
    frequency_penalty: float | None
    n: int | None
    prediction: Mapping[str, Any] | None
    parallel_tool_calls: bool | None
    prompt_mode: lit.PromptModeValue | PromptMode | None
    reasoning_effort: lit.ReasoningEffortValue | ReasoningEffort | None


class ChatStreamParams(ChatParams, total=False):
    """Keyword arguments of `client.chat.stream` (those of `complete` but `stream`)."""

    model: Required[str]
    temperature: float | None
    top_p: float | None
    safe_prompt: bool | None
    guardrails: Sequence[Mapping[str, Any]] | None


class ChatCompleteParams(ChatStreamParams, StreamFlag, total=False):
    """Keyword arguments of `client.chat.complete` (the API's field names)."""


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

    def stream(self, **params: Unpack[ChatStreamParams]) -> Stream[CompletionChunk]:
        """Stream a reply to `messages`: typed chunks, `text()`, `get_final_completion()`.

        Usage: `with client.chat.stream(model="mistral-small-latest", messages=msgs) as s:
        for text in s.text(): print(text, end="")`
        """
        return self._stream(stream_call(params, "chat.stream", complete_call))


class AsyncChat(AsyncResource):
    """Async chat completions. Usage: `await client.chat.complete(model=..., messages=[...])`"""

    async def complete(self, **params: Unpack[ChatCompleteParams]) -> ChatCompletionResponse:
        """Generate a reply to `messages` (see `Chat.complete`)."""
        return await self._run(complete_call(params))

    def stream(self, **params: Unpack[ChatStreamParams]) -> AsyncStream[CompletionChunk]:
        """Stream a reply (see `Chat.stream`): `async with client.chat.stream(...) as s:`."""
        return self._stream(stream_call(params, "chat.stream", complete_call))
