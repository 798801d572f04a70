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

from ..types import UNSET, Unset

T = TypeVar("T", bound="DocumentUrlChunk")


@_attrs_define
class DocumentUrlChunk(ModelHelpers):
    """A document (e.g. a PDF) given by URL."""

    document_url: str
    type_: Literal["document_url"] = "document_url"
    document_name: None | str | Unset = UNSET
    """ File name of the document. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        document_url = self.document_url

        document_name: None | str | Unset
        if isinstance(self.document_name, Unset):
            document_name = UNSET
        else:
            document_name = self.document_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "document_url": document_url,
            }
        )
        if document_name is not UNSET:
            field_dict["document_name"] = document_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["document_url"], d.pop("type"))
        if type_ != "document_url":
            raise ValueError(f"type must match const 'document_url', got '{type_}'")

        document_url = d.pop("document_url")

        def _parse_document_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        document_name = _parse_document_name(d.pop("document_name", UNSET))

        document_url_chunk = cls(
            type_=type_,
            document_url=document_url,
            document_name=document_name,
        )

        document_url_chunk.additional_properties = d
        return document_url_chunk

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
