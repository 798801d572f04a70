from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import FunctionCallHelpers
from attrs import field as _attrs_field

T = TypeVar("T", bound="FunctionCall")


@_attrs_define
class FunctionCall(FunctionCallHelpers):
    """The function a tool call invokes."""

    name: str
    arguments: Any | str
    """ Arguments as a JSON-encoded string (what the API sends), or as an object. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        arguments: Any | str
        arguments = self.arguments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "arguments": arguments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_arguments(data: object) -> Any | str:
            return cast(Any | str, data)

        arguments = _parse_arguments(d.pop("arguments"))

        function_call = cls(
            name=name,
            arguments=arguments,
        )

        function_call.additional_properties = d
        return function_call

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
