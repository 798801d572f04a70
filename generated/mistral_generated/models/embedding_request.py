from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..models.embedding_dtype import EmbeddingDtype
from ..models.encoding_format import EncodingFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmbeddingRequest")


@_attrs_define
class EmbeddingRequest(ModelHelpers):
    """Body of POST /v1/embeddings."""

    model: str
    """ Embedding model id, e.g. `mistral-embed`. """
    input_: list[str] | str
    """ One text or a list of texts. """
    output_dimension: int | None | Unset = UNSET
    """ Vector size, for models that support choosing it. """
    output_dtype: EmbeddingDtype | Unset = UNSET
    """ Numeric type of embedding values. """
    encoding_format: EncodingFormat | Unset = UNSET
    """ How embeddings are encoded in the answer. """
    metadata: Any | None | Unset = UNSET
    """ Caller-defined key/values stored with the request. """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        input_: list[str] | str
        if isinstance(self.input_, list):
            input_ = self.input_

        else:
            input_ = self.input_

        output_dimension: int | None | Unset
        if isinstance(self.output_dimension, Unset):
            output_dimension = UNSET
        else:
            output_dimension = self.output_dimension

        output_dtype: str | Unset = UNSET
        if not isinstance(self.output_dtype, Unset):
            output_dtype = self.output_dtype.value

        encoding_format: str | Unset = UNSET
        if not isinstance(self.encoding_format, Unset):
            encoding_format = self.encoding_format.value

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "input": input_,
            }
        )
        if output_dimension is not UNSET:
            field_dict["output_dimension"] = output_dimension
        if output_dtype is not UNSET:
            field_dict["output_dtype"] = output_dtype
        if encoding_format is not UNSET:
            field_dict["encoding_format"] = encoding_format
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        def _parse_input_(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                input_type_1 = cast(list[str], data)

                return input_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        input_ = _parse_input_(d.pop("input"))

        def _parse_output_dimension(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        output_dimension = _parse_output_dimension(d.pop("output_dimension", UNSET))

        _output_dtype = d.pop("output_dtype", UNSET)
        output_dtype: EmbeddingDtype | Unset
        if isinstance(_output_dtype, Unset):
            output_dtype = UNSET
        else:
            output_dtype = EmbeddingDtype(_output_dtype)

        _encoding_format = d.pop("encoding_format", UNSET)
        encoding_format: EncodingFormat | Unset
        if isinstance(_encoding_format, Unset):
            encoding_format = UNSET
        else:
            encoding_format = EncodingFormat(_encoding_format)

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        embedding_request = cls(
            model=model,
            input_=input_,
            output_dimension=output_dimension,
            output_dtype=output_dtype,
            encoding_format=encoding_format,
            metadata=metadata,
        )

        return embedding_request
