"""`client.fim`: fill-in-the-middle code completion (POST /v1/fim/completions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Required, Unpack

from mistral_generated.api.fim import fim_complete
from mistral_generated.models import ChatCompletionResponse, CompletionChunk

from .. import _validation as check
from .._calls import Call, model_parser
from .._streaming import AsyncStream, Stream
from ._base import AsyncResource, SyncResource, api_fields, plain_body, prepare, stream_call
from .chat import SamplingParams, StreamFlag


class FimStreamParams(SamplingParams, total=False):
    """Keyword arguments of `client.fim.stream` (those of `complete` but `stream`)."""

    model: Required[str]
    prompt: Required[str]
    suffix: str | None
    temperature: float | None
    top_p: float | None
    min_tokens: int | None


class FimCompleteParams(FimStreamParams, StreamFlag, total=False):
    """Keyword arguments of `client.fim.complete`."""


FIM_FIELDS = api_fields(FimCompleteParams)


def complete_call(
    params: Mapping[str, Any], method: str = "fim.complete"
) -> Call[ChatCompletionResponse]:
    fields, options = prepare(params, FIM_FIELDS, method)
    check.non_empty_string(fields.get("model"), "model")
    check.no_stream(fields, method)
    if not isinstance(fields.get("prompt"), str):
        raise check.fail("prompt", "must be a string (the code before the cursor)")
    if "suffix" in fields and not isinstance(fields["suffix"], str):
        raise check.fail("suffix", "must be a string (the code after the cursor)")
    check.sampling(fields)
    return Call(
        operation=method,
        request=fim_complete._get_kwargs(body=plain_body(fields)),
        parse=model_parser(ChatCompletionResponse.from_dict),
        retry_safe=True,
        options=options,
        model=fields["model"],
    )


class Fim(SyncResource):
    """Fill-in-the-middle. Usage: `client.fim.complete(model="codestral-latest", prompt="def")`"""

    def complete(self, **params: Unpack[FimCompleteParams]) -> ChatCompletionResponse:
        """Complete the code between `prompt` and `suffix`; the answer has the chat shape."""
        return self._run(complete_call(params))

    def stream(self, **params: Unpack[FimStreamParams]) -> Stream[CompletionChunk]:
        """Stream the completion (see `Chat.stream`). Usage: `for t in fim.stream(...).text()`"""
        return self._stream(stream_call(params, "fim.stream", complete_call))


class AsyncFim(AsyncResource):
    """Async fill-in-the-middle. Usage: `await client.fim.complete(model=..., prompt=...)`"""

    async def complete(self, **params: Unpack[FimCompleteParams]) -> ChatCompletionResponse:
        """Complete the code between `prompt` and `suffix` (see `Fim.complete`)."""
        return await self._run(complete_call(params))

    def stream(self, **params: Unpack[FimStreamParams]) -> AsyncStream[CompletionChunk]:
        """Stream the completion (see `Chat.stream`): `async with client.fim.stream(...) as s:`"""
        return self._stream(stream_call(params, "fim.stream", complete_call))
