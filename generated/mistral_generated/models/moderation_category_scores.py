from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModerationCategoryScores")


@_attrs_define
class ModerationCategoryScores(ModelHelpers):
    """Score of each category, 0 to 1. New categories are kept."""

    sexual: float | Unset = UNSET
    hate_and_discrimination: float | Unset = UNSET
    violence_and_threats: float | Unset = UNSET
    dangerous_and_criminal_content: float | Unset = UNSET
    selfharm: float | Unset = UNSET
    health: float | Unset = UNSET
    financial: float | Unset = UNSET
    law: float | Unset = UNSET
    pii: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sexual = self.sexual

        hate_and_discrimination = self.hate_and_discrimination

        violence_and_threats = self.violence_and_threats

        dangerous_and_criminal_content = self.dangerous_and_criminal_content

        selfharm = self.selfharm

        health = self.health

        financial = self.financial

        law = self.law

        pii = self.pii

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sexual is not UNSET:
            field_dict["sexual"] = sexual
        if hate_and_discrimination is not UNSET:
            field_dict["hate_and_discrimination"] = hate_and_discrimination
        if violence_and_threats is not UNSET:
            field_dict["violence_and_threats"] = violence_and_threats
        if dangerous_and_criminal_content is not UNSET:
            field_dict["dangerous_and_criminal_content"] = dangerous_and_criminal_content
        if selfharm is not UNSET:
            field_dict["selfharm"] = selfharm
        if health is not UNSET:
            field_dict["health"] = health
        if financial is not UNSET:
            field_dict["financial"] = financial
        if law is not UNSET:
            field_dict["law"] = law
        if pii is not UNSET:
            field_dict["pii"] = pii

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sexual = d.pop("sexual", UNSET)

        hate_and_discrimination = d.pop("hate_and_discrimination", UNSET)

        violence_and_threats = d.pop("violence_and_threats", UNSET)

        dangerous_and_criminal_content = d.pop("dangerous_and_criminal_content", UNSET)

        selfharm = d.pop("selfharm", UNSET)

        health = d.pop("health", UNSET)

        financial = d.pop("financial", UNSET)

        law = d.pop("law", UNSET)

        pii = d.pop("pii", UNSET)

        moderation_category_scores = cls(
            sexual=sexual,
            hate_and_discrimination=hate_and_discrimination,
            violence_and_threats=violence_and_threats,
            dangerous_and_criminal_content=dangerous_and_criminal_content,
            selfharm=selfharm,
            health=health,
            financial=financial,
            law=law,
            pii=pii,
        )

        moderation_category_scores.additional_properties = d
        return moderation_category_scores

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
