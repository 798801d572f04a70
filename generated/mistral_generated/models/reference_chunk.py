from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReferenceChunk")


@_attrs_define
class ReferenceChunk(ModelHelpers):
    """References to sources used by the answer."""

    reference_ids: list[int]
    type_: Literal["reference"] = "reference"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        reference_ids = self.reference_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "reference_ids": reference_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["reference"], d.pop("type"))
        if type_ != "reference":
            raise ValueError(f"type must match const 'reference', got '{type_}'")

        reference_ids = cast(list[int], d.pop("reference_ids"))

        reference_chunk = cls(
            type_=type_,
            reference_ids=reference_ids,
        )

        reference_chunk.additional_properties = d
        return reference_chunk

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
