from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.response_format_type import ResponseFormatType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_schema import JsonSchema


T = TypeVar("T", bound="ResponseFormat")


@_attrs_define
class ResponseFormat(ModelHelpers):
    """Output format. `json_object` guarantees JSON (also ask for JSON in the prompt); `json_schema` guarantees JSON that
    follows `json_schema`.

    """

    type_: ResponseFormatType | Unset = UNSET
    """ Output format of the model. """
    json_schema: JsonSchema | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.json_schema import JsonSchema  # noqa: PLC0415

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        json_schema: dict[str, Any] | None | Unset
        if isinstance(self.json_schema, Unset):
            json_schema = UNSET
        elif isinstance(self.json_schema, JsonSchema):
            json_schema = self.json_schema.to_dict()
        else:
            json_schema = self.json_schema

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if json_schema is not UNSET:
            field_dict["json_schema"] = json_schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_schema import JsonSchema  # noqa: PLC0415

        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: ResponseFormatType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = ResponseFormatType(_type_)

        def _parse_json_schema(data: object) -> JsonSchema | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                json_schema_type_0 = JsonSchema.from_dict(data)

                return json_schema_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JsonSchema | None | Unset, data)

        json_schema = _parse_json_schema(d.pop("json_schema", UNSET))

        response_format = cls(
            type_=type_,
            json_schema=json_schema,
        )

        response_format.additional_properties = d
        return response_format

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
