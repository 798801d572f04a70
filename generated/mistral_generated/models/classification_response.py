from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.classification_result import ClassificationResult
    from ..models.usage_info import UsageInfo


T = TypeVar("T", bound="ClassificationResponse")


@_attrs_define
class ClassificationResponse(ModelHelpers):
    """Classification results, one per input."""

    id: str
    model: str
    results: list[ClassificationResult]
    usage: UsageInfo | Unset = UNSET
    """ Token accounting. Extra keys the API adds are kept. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model = self.model

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "model": model,
                "results": results,
            }
        )
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.classification_result import ClassificationResult  # noqa: PLC0415
        from ..models.usage_info import UsageInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        model = d.pop("model")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = ClassificationResult.from_dict(results_item_data)

            results.append(results_item)

        _usage = d.pop("usage", UNSET)
        usage: UsageInfo | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = UsageInfo.from_dict(_usage)

        classification_response = cls(
            id=id,
            model=model,
            results=results,
            usage=usage,
        )

        classification_response.additional_properties = d
        return classification_response

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
