from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.moderation_categories import ModerationCategories
    from ..models.moderation_category_scores import ModerationCategoryScores


T = TypeVar("T", bound="ModerationResult")


@_attrs_define
class ModerationResult(ModelHelpers):
    """Moderation verdict for one input."""

    categories: ModerationCategories
    """ Whether each category was flagged. New categories are kept. """
    category_scores: ModerationCategoryScores
    """ Score of each category, 0 to 1. New categories are kept. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories.to_dict()

        category_scores = self.category_scores.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "category_scores": category_scores,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.moderation_categories import ModerationCategories  # noqa: PLC0415
        from ..models.moderation_category_scores import ModerationCategoryScores  # noqa: PLC0415

        d = dict(src_dict)
        categories = ModerationCategories.from_dict(d.pop("categories"))

        category_scores = ModerationCategoryScores.from_dict(d.pop("category_scores"))

        moderation_result = cls(
            categories=categories,
            category_scores=category_scores,
        )

        moderation_result.additional_properties = d
        return moderation_result

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
