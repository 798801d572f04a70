"""`chat.stream(response_format=T)`: the chunks of a streamed structured reply, each with the
partial object parsed so far, and the full, validated T at the end.

A thin wrapper around the ordinary `Stream` / `AsyncStream`: it feeds each chunk's text to
an incremental partial-JSON reader (`_structured._partial`) and reads the final
completion with the same code as `chat.parse`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import attrs
import httpx

from mistral_generated.models import ChatCompletionResponse, CompletionChunk

from ._streaming import AsyncStream, Stream
from ._structured._parse import ParsedChatCompletion, parsed_reader
from ._structured._partial import PartialJSON
from ._structured._reply import content_text
from ._structured._schema import Target

T = TypeVar("T")


@attrs.frozen
class StructuredChunk:
    """One chunk of a structured stream, and the reply's JSON as far as it has arrived
    (`partial`: a dict growing member by member; None before anything usable).

    `partial` is not validated: the final value is, by `get_final_parsed()`.
    """

    chunk: CompletionChunk
    partial: Any


class _Partials:
    """Choice 0's text, chunk by chunk, as partial JSON."""

    def __init__(self) -> None:
        self.reader = PartialJSON()

    def read(self, chunk: CompletionChunk) -> StructuredChunk:
        for choice in chunk.choices:
            if choice.index == 0:
                self.reader.feed(content_text(choice.delta.content))
        return StructuredChunk(chunk, self.reader.value())


def _final(target: Target, completion: ChatCompletionResponse) -> ParsedChatCompletion[Any]:
    return parsed_reader(target)(completion, [completion])


class _Structured(Generic[T]):
    """What the sync and async structured streams share: the target and the partial reader."""

    def __init__(
        self, stream: Stream[CompletionChunk] | AsyncStream[CompletionChunk], target: Target
    ) -> None:
        self._target = target
        self._partials = _Partials()
        self._any_stream = stream

    @property
    def response(self) -> httpx.Response:
        return self._any_stream.response

    @property
    def request_id(self) -> str | None:
        return self._any_stream.request_id

    @property
    def partial(self) -> Any:
        """The JSON value read so far (None before anything usable)."""
        return self._partials.reader.value()


class StructuredStream(_Structured[T]):
    """What `chat.stream(..., response_format=T)` returns.

    Usage:
        with client.chat.stream(model=..., messages=..., response_format=Recipe) as stream:
            for event in stream:
                print(event.partial)             # {"title": "Sou"}, {"title": "Soup", ...}
            recipe = stream.get_final_parsed().parsed   # a Recipe, validated
    """

    def __init__(self, stream: Stream[CompletionChunk], target: Target) -> None:
        super().__init__(stream, target)
        self._stream = stream

    def __iter__(self) -> Iterator[StructuredChunk]:
        for chunk in self._stream:
            yield self._partials.read(chunk)

    def text(self) -> Iterator[str]:
        """The text deltas of the answer, as `Stream.text()`."""
        return self._stream.text()

    def get_final_completion(self) -> ChatCompletionResponse:
        return self._stream.get_final_completion()

    def get_final_parsed(self) -> ParsedChatCompletion[T]:
        """Read the rest; the completion validated and built into T (as `chat.parse` does),
        or StructuredOutputError."""
        parsed: ParsedChatCompletion[T] = _final(self._target, self.get_final_completion())
        return parsed

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStructuredStream(_Structured[T]):
    """The async `StructuredStream`: `async with`, `async for`, `await get_final_parsed()`.

    Usage:
        async with client.chat.stream(model=..., messages=..., response_format=Recipe) as s:
            async for event in s:
                print(event.partial)
            recipe = (await s.get_final_parsed()).parsed
    """

    def __init__(self, stream: AsyncStream[CompletionChunk], target: Target) -> None:
        super().__init__(stream, target)
        self._stream = stream

    def __await__(self) -> Generator[Any, None, Self]:
        return self._opened().__await__()

    async def _opened(self) -> Self:
        await self._stream
        return self

    async def __aiter__(self) -> AsyncIterator[StructuredChunk]:
        async for chunk in self._stream:
            yield self._partials.read(chunk)

    def text(self) -> AsyncIterator[str]:
        """The text deltas of the answer, as `AsyncStream.text()`."""
        return self._stream.text()

    async def get_final_completion(self) -> ChatCompletionResponse:
        return await self._stream.get_final_completion()

    async def get_final_parsed(self) -> ParsedChatCompletion[T]:
        """Read the rest; the completion validated and built into T, or StructuredOutputError."""
        parsed: ParsedChatCompletion[T] = _final(self._target, await self.get_final_completion())
        return parsed

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def __aenter__(self) -> Self:
        await self._stream.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
