from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.moderation_categories import ModerationCategories
    from ..models.moderation_category_scores import ModerationCategoryScores


T = TypeVar("T", bound="ModerationResult")


@_attrs_define
class ModerationResult(ModelHelpers):
    """Moderation verdict for one input."""

    categories: ModerationCategories | Unset = UNSET
    """ Whether each category was flagged. New categories are kept. """
    category_scores: ModerationCategoryScores | Unset = UNSET
    """ Score of each category, 0 to 1. New categories are kept. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories: dict[str, Any] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories.to_dict()

        category_scores: dict[str, Any] | Unset = UNSET
        if not isinstance(self.category_scores, Unset):
            category_scores = self.category_scores.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if categories is not UNSET:
            field_dict["categories"] = categories
        if category_scores is not UNSET:
            field_dict["category_scores"] = category_scores

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.moderation_categories import ModerationCategories  # noqa: PLC0415
        from ..models.moderation_category_scores import ModerationCategoryScores  # noqa: PLC0415

        d = dict(src_dict)
        _categories = d.pop("categories", UNSET)
        categories: ModerationCategories | Unset
        if isinstance(_categories, Unset):
            categories = UNSET
        else:
            categories = ModerationCategories.from_dict(_categories)

        _category_scores = d.pop("category_scores", UNSET)
        category_scores: ModerationCategoryScores | Unset
        if isinstance(_category_scores, Unset):
            category_scores = UNSET
        else:
            category_scores = ModerationCategoryScores.from_dict(_category_scores)

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
