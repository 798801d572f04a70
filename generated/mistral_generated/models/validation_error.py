from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationError")


@_attrs_define
class ValidationError(ModelHelpers):
    """One failed validation check."""

    type_: str | Unset = UNSET
    """ Check name, e.g. `extra_forbidden` or `missing`. """
    loc: list[int | str] | Unset = UNSET
    """ Path to the offending value, e.g. `["body", "safe_mode"]`. """
    msg: str | Unset = UNSET
    """ Explanation. """
    input_: Any | Unset = UNSET
    """ The offending value. """
    ctx: Any | Unset = UNSET
    """ Extra context of the check. """
    url: str | Unset = UNSET
    """ Link to documentation of the check. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        loc: list[int | str] | Unset = UNSET
        if not isinstance(self.loc, Unset):
            loc = []
            for loc_item_data in self.loc:
                loc_item: int | str
                loc_item = loc_item_data
                loc.append(loc_item)

        msg = self.msg

        input_ = self.input_

        ctx = self.ctx

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if loc is not UNSET:
            field_dict["loc"] = loc
        if msg is not UNSET:
            field_dict["msg"] = msg
        if input_ is not UNSET:
            field_dict["input"] = input_
        if ctx is not UNSET:
            field_dict["ctx"] = ctx
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        _loc = d.pop("loc", UNSET)
        loc: list[int | str] | Unset = UNSET
        if _loc is not UNSET:
            loc = []
            for loc_item_data in _loc:

                def _parse_loc_item(data: object) -> int | str:
                    return cast(int | str, data)

                loc_item = _parse_loc_item(loc_item_data)

                loc.append(loc_item)

        msg = d.pop("msg", UNSET)

        input_ = d.pop("input", UNSET)

        ctx = d.pop("ctx", UNSET)

        url = d.pop("url", UNSET)

        validation_error = cls(
            type_=type_,
            loc=loc,
            msg=msg,
            input_=input_,
            ctx=ctx,
            url=url,
        )

        validation_error.additional_properties = d
        return validation_error

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
