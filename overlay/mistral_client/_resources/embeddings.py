"""`client.embeddings`: vectors for text (POST /v1/embeddings)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, Required, Unpack, overload

import httpx

from mistral_generated.api.embeddings import embeddings_create
from mistral_generated.models import (
    Base64EmbeddingResponse,
    EmbeddingDtype,
    EmbeddingResponse,
    EncodingFormat,
)

from .. import _literals as lit
from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from .._decode import base64_vector
from ..errors import ResponseValidationError
from ._base import AsyncResource, SyncResource, api_fields, plain_body, prepare, sdk_spelling


class EmbeddingsCreateParams(CallOptions, total=False):
    """Keyword arguments of `client.embeddings.create` (`encoding_format` is its own argument).

    `inputs=`, the official SDK's name for `input`, works at run time with a DeprecationWarning;
    type checkers point at `input=`.
    """

    model: Required[str]
    input: Required[str | Sequence[str]]
    output_dimension: int | None
    output_dtype: lit.EmbeddingDtypeValue | EmbeddingDtype | None
    metadata: Mapping[str, Any] | None


EMBEDDINGS_FIELDS = api_fields(EmbeddingsCreateParams)
MAX_OUTPUT_DIMENSION = 3072
_parse_embeddings = model_parser(EmbeddingResponse.from_dict)
_parse_base64_embeddings = model_parser(Base64EmbeddingResponse.from_dict)


def _parse_base64(dtype: str) -> Callable[[httpx.Response], Base64EmbeddingResponse]:
    """`encoding_format="base64"` answers keep their strings (`.floats` decodes them in C), but
    a string that is not base64 of `dtype` values fails here, with the raw body."""

    def parse(response: httpx.Response) -> Base64EmbeddingResponse:
        result = _parse_base64_embeddings(response)
        try:
            for item in result.data:
                base64_vector(item.embedding, dtype)
        except ValueError as exc:  # binascii.Error is a ValueError
            raise ResponseValidationError(
                f"embedding is not base64 {dtype} data: {exc}",
                body=response.text,
                status_code=response.status_code,
            ) from exc
        return result

    return parse


def create_call(
    params: Mapping[str, Any], encoding_format: Any = None
) -> Call[EmbeddingResponse | Base64EmbeddingResponse]:
    params = sdk_spelling(params, "inputs", "input", "embeddings.create")
    if encoding_format is not None:
        params = {**params, "encoding_format": encoding_format}
    fields, options = prepare(params, (*EMBEDDINGS_FIELDS, "encoding_format"), "embeddings.create")
    check.non_empty_string(fields.get("model"), "model")
    check.text_input(fields.get("input"), "input")
    check.one_of(fields, "encoding_format", ("float", "base64"))
    # codestral-embed's documented range (its default is 1536); mistral-embed has 1024 only.
    check.positive_int(fields, "output_dimension", maximum=MAX_OUTPUT_DIMENSION)
    check.one_of(fields, "output_dtype", ("float", "int8", "uint8", "binary", "ubinary"))
    return Call(
        operation="embeddings.create",
        request=embeddings_create._get_kwargs(body=plain_body(fields)),
        parse=(
            _parse_base64(fields.get("output_dtype") or "float")
            if fields.get("encoding_format") == "base64"
            else _parse_embeddings
        ),
        retry_safe=True,
        options=options,
        model=fields["model"],
    )


FloatFormat = Literal["float", EncodingFormat.FLOAT] | None
Base64Format = Literal["base64", EncodingFormat.BASE64]


class Embeddings(SyncResource):
    """Embeddings. Usage: `client.embeddings.create(model="mistral-embed", input=["a", "b"])`"""

    @overload
    def create(
        self, *, encoding_format: FloatFormat = None, **params: Unpack[EmbeddingsCreateParams]
    ) -> EmbeddingResponse: ...
    @overload
    def create(
        self, *, encoding_format: Base64Format, **params: Unpack[EmbeddingsCreateParams]
    ) -> Base64EmbeddingResponse: ...
    def create(
        self,
        *,
        encoding_format: lit.EncodingFormatValue | EncodingFormat | None = None,
        **params: Unpack[EmbeddingsCreateParams],
    ) -> EmbeddingResponse | Base64EmbeddingResponse:
        """One vector per input string, in input order: `result.vectors` (`list[float]` each).

        `encoding_format="base64"` returns the vectors as base64 strings
        (`Base64EmbeddingResponse`; `.vectors` still decodes them to floats).
        """
        return self._run(create_call(params, encoding_format))


class AsyncEmbeddings(AsyncResource):
    """Async embeddings. Usage: `await client.embeddings.create(model=..., input=...)`"""

    @overload
    async def create(
        self, *, encoding_format: FloatFormat = None, **params: Unpack[EmbeddingsCreateParams]
    ) -> EmbeddingResponse: ...
    @overload
    async def create(
        self, *, encoding_format: Base64Format, **params: Unpack[EmbeddingsCreateParams]
    ) -> Base64EmbeddingResponse: ...
    async def create(
        self,
        *,
        encoding_format: lit.EncodingFormatValue | EncodingFormat | None = None,
        **params: Unpack[EmbeddingsCreateParams],
    ) -> EmbeddingResponse | Base64EmbeddingResponse:
        """One vector per input string (see `Embeddings.create`)."""
        return await self._run(create_call(params, encoding_format))
