from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.loss_function import LossFunction
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClassifierTargetInfo")


@_attrs_define
class ClassifierTargetInfo(ModelHelpers):
    """A label set of a classifier job or model."""

    name: str | Unset = UNSET
    labels: list[str] | Unset = UNSET
    weight: float | Unset = UNSET
    loss_function: LossFunction | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        weight = self.weight

        loss_function: None | str | Unset
        if isinstance(self.loss_function, Unset):
            loss_function = UNSET
        elif isinstance(self.loss_function, LossFunction):
            loss_function = self.loss_function.value
        else:
            loss_function = self.loss_function

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if labels is not UNSET:
            field_dict["labels"] = labels
        if weight is not UNSET:
            field_dict["weight"] = weight
        if loss_function is not UNSET:
            field_dict["loss_function"] = loss_function

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        labels = cast(list[str], d.pop("labels", UNSET))

        weight = d.pop("weight", UNSET)

        def _parse_loss_function(data: object) -> LossFunction | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                loss_function_type_0 = LossFunction(data)

                return loss_function_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LossFunction | None | str | Unset, data)

        loss_function = _parse_loss_function(d.pop("loss_function", UNSET))

        classifier_target_info = cls(
            name=name,
            labels=labels,
            weight=weight,
            loss_function=loss_function,
        )

        classifier_target_info.additional_properties = d
        return classifier_target_info

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
