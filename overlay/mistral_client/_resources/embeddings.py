"""`client.embeddings`: vectors for text (POST /v1/embeddings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Required, Unpack

from mistral_generated.api.embeddings import embeddings_create
from mistral_generated.models import EmbeddingDtype, EmbeddingResponse, EncodingFormat

from .. import _literals as lit
from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from ._base import AsyncResource, SyncResource, api_fields, plain_body, prepare, sdk_spelling


class EmbeddingsCreateParams(CallOptions, total=False):
    """Keyword arguments of `client.embeddings.create`.

    inputs: the official SDK's name for `input` (deprecated: give `input`).
    """

    model: Required[str]
    input: str | Sequence[str]  # required: either input= or inputs=
    inputs: str | Sequence[str]
    encoding_format: lit.EncodingFormatValue | EncodingFormat | None
    output_dimension: int | None
    output_dtype: lit.EmbeddingDtypeValue | EmbeddingDtype | None
    metadata: Mapping[str, Any] | None


EMBEDDINGS_FIELDS = api_fields(EmbeddingsCreateParams)


def create_call(params: Mapping[str, Any]) -> Call[EmbeddingResponse]:
    params = sdk_spelling(params, "inputs", "input", "embeddings.create")
    fields, options = prepare(params, EMBEDDINGS_FIELDS, "embeddings.create")
    check.non_empty_string(fields.get("model"), "model")
    check.text_input(fields.get("input"), "input")
    check.one_of(fields, "encoding_format", ("float", "base64"))
    check.positive_int(fields, "output_dimension")
    check.one_of(fields, "output_dtype", ("float", "int8", "uint8", "binary", "ubinary"))
    return Call(
        operation="embeddings.create",
        request=embeddings_create._get_kwargs(body=plain_body(fields)),
        parse=model_parser(EmbeddingResponse.from_dict),
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
