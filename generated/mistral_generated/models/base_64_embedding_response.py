from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import EmbeddingsHelpers
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.base_64_embedding_data import Base64EmbeddingData
    from ..models.usage_info import UsageInfo


T = TypeVar("T", bound="Base64EmbeddingResponse")


@_attrs_define
class Base64EmbeddingResponse(EmbeddingsHelpers):
    """Embeddings of all inputs, base64-encoded (`encoding_format` `base64`)."""

    id: str
    object_: str
    model: str
    data: list[Base64EmbeddingData]
    usage: UsageInfo
    """ Token accounting. Extra keys the API adds are kept. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        model = self.model

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "model": model,
                "data": data,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.base_64_embedding_data import Base64EmbeddingData  # noqa: PLC0415
        from ..models.usage_info import UsageInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        model = d.pop("model")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = Base64EmbeddingData.from_dict(data_item_data)

            data.append(data_item)

        usage = UsageInfo.from_dict(d.pop("usage"))

        base_64_embedding_response = cls(
            id=id,
            object_=object_,
            model=model,
            data=data,
            usage=usage,
        )

        base_64_embedding_response.additional_properties = d
        return base_64_embedding_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
