from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckpointMetrics")


@_attrs_define
class CheckpointMetrics(ModelHelpers):
    """Losses and accuracy at a checkpoint."""

    train_loss: float | None | Unset = UNSET
    valid_loss: float | None | Unset = UNSET
    valid_mean_token_accuracy: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        train_loss: float | None | Unset
        if isinstance(self.train_loss, Unset):
            train_loss = UNSET
        else:
            train_loss = self.train_loss

        valid_loss: float | None | Unset
        if isinstance(self.valid_loss, Unset):
            valid_loss = UNSET
        else:
            valid_loss = self.valid_loss

        valid_mean_token_accuracy: float | None | Unset
        if isinstance(self.valid_mean_token_accuracy, Unset):
            valid_mean_token_accuracy = UNSET
        else:
            valid_mean_token_accuracy = self.valid_mean_token_accuracy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if train_loss is not UNSET:
            field_dict["train_loss"] = train_loss
        if valid_loss is not UNSET:
            field_dict["valid_loss"] = valid_loss
        if valid_mean_token_accuracy is not UNSET:
            field_dict["valid_mean_token_accuracy"] = valid_mean_token_accuracy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_train_loss(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        train_loss = _parse_train_loss(d.pop("train_loss", UNSET))

        def _parse_valid_loss(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        valid_loss = _parse_valid_loss(d.pop("valid_loss", UNSET))

        def _parse_valid_mean_token_accuracy(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        valid_mean_token_accuracy = _parse_valid_mean_token_accuracy(
            d.pop("valid_mean_token_accuracy", UNSET)
        )

        checkpoint_metrics = cls(
            train_loss=train_loss,
            valid_loss=valid_loss,
            valid_mean_token_accuracy=valid_mean_token_accuracy,
        )

        checkpoint_metrics.additional_properties = d
        return checkpoint_metrics

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
