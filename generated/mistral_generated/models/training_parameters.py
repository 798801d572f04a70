from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingParameters")


@_attrs_define
class TrainingParameters(ModelHelpers):
    """Fine-tuning hyperparameters; unset ones are chosen by the service."""

    training_steps: int | None | Unset = UNSET
    learning_rate: float | Unset = UNSET
    weight_decay: float | None | Unset = UNSET
    warmup_fraction: float | None | Unset = UNSET
    epochs: float | None | Unset = UNSET
    seq_len: int | None | Unset = UNSET
    fim_ratio: float | None | Unset = UNSET
    """ Completion jobs only. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        training_steps: int | None | Unset
        if isinstance(self.training_steps, Unset):
            training_steps = UNSET
        else:
            training_steps = self.training_steps

        learning_rate = self.learning_rate

        weight_decay: float | None | Unset
        if isinstance(self.weight_decay, Unset):
            weight_decay = UNSET
        else:
            weight_decay = self.weight_decay

        warmup_fraction: float | None | Unset
        if isinstance(self.warmup_fraction, Unset):
            warmup_fraction = UNSET
        else:
            warmup_fraction = self.warmup_fraction

        epochs: float | None | Unset
        if isinstance(self.epochs, Unset):
            epochs = UNSET
        else:
            epochs = self.epochs

        seq_len: int | None | Unset
        if isinstance(self.seq_len, Unset):
            seq_len = UNSET
        else:
            seq_len = self.seq_len

        fim_ratio: float | None | Unset
        if isinstance(self.fim_ratio, Unset):
            fim_ratio = UNSET
        else:
            fim_ratio = self.fim_ratio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if training_steps is not UNSET:
            field_dict["training_steps"] = training_steps
        if learning_rate is not UNSET:
            field_dict["learning_rate"] = learning_rate
        if weight_decay is not UNSET:
            field_dict["weight_decay"] = weight_decay
        if warmup_fraction is not UNSET:
            field_dict["warmup_fraction"] = warmup_fraction
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if seq_len is not UNSET:
            field_dict["seq_len"] = seq_len
        if fim_ratio is not UNSET:
            field_dict["fim_ratio"] = fim_ratio

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_training_steps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        training_steps = _parse_training_steps(d.pop("training_steps", UNSET))

        learning_rate = d.pop("learning_rate", UNSET)

        def _parse_weight_decay(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_decay = _parse_weight_decay(d.pop("weight_decay", UNSET))

        def _parse_warmup_fraction(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        warmup_fraction = _parse_warmup_fraction(d.pop("warmup_fraction", UNSET))

        def _parse_epochs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        epochs = _parse_epochs(d.pop("epochs", UNSET))

        def _parse_seq_len(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seq_len = _parse_seq_len(d.pop("seq_len", UNSET))

        def _parse_fim_ratio(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fim_ratio = _parse_fim_ratio(d.pop("fim_ratio", UNSET))

        training_parameters = cls(
            training_steps=training_steps,
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            warmup_fraction=warmup_fraction,
            epochs=epochs,
            seq_len=seq_len,
            fim_ratio=fim_ratio,
        )

        training_parameters.additional_properties = d
        return training_parameters

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
