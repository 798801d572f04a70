from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ToolCallHelpers
from attrs import field as _attrs_field

from ..models.tool_type import ToolType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.function_call import FunctionCall


T = TypeVar("T", bound="ToolCall")


@_attrs_define
class ToolCall(ToolCallHelpers):
    """A call the model wants to make. `type` is often absent in answers."""

    function: FunctionCall
    """ The function a tool call invokes. """
    id: str | Unset = UNSET
    """ Call id (9 alphanumerics); echo it as `tool_call_id` in the ToolMessage. """
    type_: str | ToolType | Unset = UNSET
    index: int | Unset = UNSET
    """ Position among parallel calls. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        function = self.function.to_dict()

        id = self.id

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ToolType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        index = self.index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "function": function,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if index is not UNSET:
            field_dict["index"] = index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.function_call import FunctionCall  # noqa: PLC0415

        d = dict(src_dict)
        function = FunctionCall.from_dict(d.pop("function"))

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

        tool_call = cls(
            function=function,
            id=id,
            type_=type_,
            index=index,
        )

        tool_call.additional_properties = d
        return tool_call

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
