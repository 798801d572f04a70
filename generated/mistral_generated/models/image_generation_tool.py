from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_configuration import ToolConfiguration


T = TypeVar("T", bound="ImageGenerationTool")


@_attrs_define
class ImageGenerationTool(ModelHelpers):
    """Built-in image generation."""

    type_: Literal["image_generation"] = "image_generation"
    tool_configuration: None | ToolConfiguration | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_configuration import ToolConfiguration  # noqa: PLC0415

        type_ = self.type_

        tool_configuration: dict[str, Any] | None | Unset
        if isinstance(self.tool_configuration, Unset):
            tool_configuration = UNSET
        elif isinstance(self.tool_configuration, ToolConfiguration):
            tool_configuration = self.tool_configuration.to_dict()
        else:
            tool_configuration = self.tool_configuration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if tool_configuration is not UNSET:
            field_dict["tool_configuration"] = tool_configuration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_configuration import ToolConfiguration  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["image_generation"], d.pop("type"))
        if type_ != "image_generation":
            raise ValueError(f"type must match const 'image_generation', got '{type_}'")

        def _parse_tool_configuration(data: object) -> None | ToolConfiguration | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tool_configuration_type_0 = ToolConfiguration.from_dict(data)

                return tool_configuration_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ToolConfiguration | Unset, data)

        tool_configuration = _parse_tool_configuration(d.pop("tool_configuration", UNSET))

        image_generation_tool = cls(
            type_=type_,
            tool_configuration=tool_configuration,
        )

        image_generation_tool.additional_properties = d
        return image_generation_tool

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
