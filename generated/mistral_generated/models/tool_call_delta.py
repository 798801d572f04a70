from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.tool_type import ToolType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.function_call_delta import FunctionCallDelta


T = TypeVar("T", bound="ToolCallDelta")


@_attrs_define
class ToolCallDelta(ModelHelpers):
    """A tool call inside a stream delta. Mistral models send whole calls; other models send fragments (`index`, then
    pieces of `arguments`) that must be joined by `index`.

    """

    id: str | Unset = UNSET
    type_: str | ToolType | Unset = UNSET
    index: int | Unset = UNSET
    function: FunctionCallDelta | Unset = UNSET
    """ A whole function call, or a fragment of one. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ToolType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        index = self.index

        function: dict[str, Any] | Unset = UNSET
        if not isinstance(self.function, Unset):
            function = self.function.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if index is not UNSET:
            field_dict["index"] = index
        if function is not UNSET:
            field_dict["function"] = function

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.function_call_delta import FunctionCallDelta  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        def _parse_type_(data: object) -> str | ToolType | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = ToolType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | ToolType | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        index = d.pop("index", UNSET)

        _function = d.pop("function", UNSET)
        function: FunctionCallDelta | Unset
        if isinstance(_function, Unset):
            function = UNSET
        else:
            function = FunctionCallDelta.from_dict(_function)

        tool_call_delta = cls(
            id=id,
            type_=type_,
            index=index,
            function=function,
        )

        tool_call_delta.additional_properties = d
        return tool_call_delta

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
