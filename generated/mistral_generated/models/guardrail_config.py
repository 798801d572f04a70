from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GuardrailConfig")


@_attrs_define
class GuardrailConfig(ModelHelpers):
    """A moderation guardrail applied to the request and answer."""

    block_on_error: bool | Unset = UNSET
    """ Answer 403 if the guardrail itself fails (server default false). """
    moderation_llm_v1: Any | None | Unset = UNSET
    """ Settings of the v1 moderation guardrail (model_name, custom_category_thresholds, ignore_other_categories,
    action). """
    moderation_llm_v2: Any | None | Unset = UNSET
    """ Settings of the v2 moderation guardrail (same keys as v1). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        block_on_error = self.block_on_error

        moderation_llm_v1: Any | None | Unset
        if isinstance(self.moderation_llm_v1, Unset):
            moderation_llm_v1 = UNSET
        else:
            moderation_llm_v1 = self.moderation_llm_v1

        moderation_llm_v2: Any | None | Unset
        if isinstance(self.moderation_llm_v2, Unset):
            moderation_llm_v2 = UNSET
        else:
            moderation_llm_v2 = self.moderation_llm_v2

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if block_on_error is not UNSET:
            field_dict["block_on_error"] = block_on_error
        if moderation_llm_v1 is not UNSET:
            field_dict["moderation_llm_v1"] = moderation_llm_v1
        if moderation_llm_v2 is not UNSET:
            field_dict["moderation_llm_v2"] = moderation_llm_v2

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        block_on_error = d.pop("block_on_error", UNSET)

        def _parse_moderation_llm_v1(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        moderation_llm_v1 = _parse_moderation_llm_v1(d.pop("moderation_llm_v1", UNSET))

        def _parse_moderation_llm_v2(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        moderation_llm_v2 = _parse_moderation_llm_v2(d.pop("moderation_llm_v2", UNSET))

        guardrail_config = cls(
            block_on_error=block_on_error,
            moderation_llm_v1=moderation_llm_v1,
            moderation_llm_v2=moderation_llm_v2,
        )

        guardrail_config.additional_properties = d
        return guardrail_config

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
