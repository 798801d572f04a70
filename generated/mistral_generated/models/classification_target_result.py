from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.classification_scores import ClassificationScores


T = TypeVar("T", bound="ClassificationTargetResult")


@_attrs_define
class ClassificationTargetResult(ModelHelpers):
    """Scores for one classifier target."""

    scores: ClassificationScores | Unset = UNSET
    """ Score of each label (label name to score). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scores: dict[str, Any] | Unset = UNSET
        if not isinstance(self.scores, Unset):
            scores = self.scores.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if scores is not UNSET:
            field_dict["scores"] = scores

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.classification_scores import ClassificationScores  # noqa: PLC0415

        d = dict(src_dict)
        _scores = d.pop("scores", UNSET)
        scores: ClassificationScores | Unset
        if isinstance(_scores, Unset):
            scores = UNSET
        else:
            scores = ClassificationScores.from_dict(_scores)

        classification_target_result = cls(
            scores=scores,
        )

        classification_target_result.additional_properties = d
        return classification_target_result

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
