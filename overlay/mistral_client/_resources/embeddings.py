"""`client.embeddings`: vectors for text (POST /v1/embeddings)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Required, Unpack, cast

import httpx

from mistral_generated.api.embeddings import embeddings_create
from mistral_generated.models import EmbeddingResponse

from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from .._decode import base64_vector
from ..errors import ResponseValidationError
from ._base import AsyncResource, SyncResource, api_fields, plain_body, prepare


class EmbeddingsCreateParams(CallOptions, total=False):
    """Keyword arguments of `client.embeddings.create`."""

    model: Required[str]
    input: Required[str | Sequence[str]]
    encoding_format: str | None
    output_dimension: int | None
    output_dtype: str | None
    metadata: Mapping[str, Any] | None


EMBEDDINGS_FIELDS = api_fields(EmbeddingsCreateParams)
MAX_OUTPUT_DIMENSION = 3072
_parse_embeddings = model_parser(EmbeddingResponse.from_dict)


def _parse_base64(dtype: str) -> Callable[[httpx.Response], EmbeddingResponse]:
    """`encoding_format="base64"` answers come back as numbers like float ones (decoded in C)."""

    def parse(response: httpx.Response) -> EmbeddingResponse:
        result = _parse_embeddings(response)
        try:
            for item in result.data:
                if isinstance(item.embedding, str):
                    item.embedding = cast(list[float], base64_vector(item.embedding, dtype))
        except ValueError as exc:  # binascii.Error is a ValueError
            raise ResponseValidationError(
                f"embedding is not base64 {dtype} data: {exc}",
                body=response.text,
                status_code=response.status_code,
            ) from exc
        return result

    return parse


def create_call(params: Mapping[str, Any]) -> Call[EmbeddingResponse]:
    fields, options = prepare(params, EMBEDDINGS_FIELDS, "embeddings.create")
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


class Embeddings(SyncResource):
    """Embeddings. Usage: `client.embeddings.create(model="mistral-embed", input=["a", "b"])`"""

    def create(self, **params: Unpack[EmbeddingsCreateParams]) -> EmbeddingResponse:
        """One vector per input string, in input order (`data[i].embedding`)."""
        return self._run(create_call(params))


class AsyncEmbeddings(AsyncResource):
    """Async embeddings. Usage: `await client.embeddings.create(model=..., input=...)`"""

    async def create(self, **params: Unpack[EmbeddingsCreateParams]) -> EmbeddingResponse:
        """One vector per input string (see `Embeddings.create`)."""
        return await self._run(create_call(params))
