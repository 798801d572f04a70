from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint_metrics import CheckpointMetrics


T = TypeVar("T", bound="Checkpoint")


@_attrs_define
class Checkpoint(ModelHelpers):
    """A saved training step."""

    metrics: CheckpointMetrics | Unset = UNSET
    """ Losses and accuracy at a checkpoint. """
    step_number: int | Unset = UNSET
    created_at: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        step_number = self.step_number

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if step_number is not UNSET:
            field_dict["step_number"] = step_number
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_metrics import CheckpointMetrics  # noqa: PLC0415

        d = dict(src_dict)
        _metrics = d.pop("metrics", UNSET)
        metrics: CheckpointMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = CheckpointMetrics.from_dict(_metrics)

        step_number = d.pop("step_number", UNSET)

        created_at = d.pop("created_at", UNSET)

        checkpoint = cls(
            metrics=metrics,
            step_number=step_number,
            created_at=created_at,
        )

        checkpoint.additional_properties = d
        return checkpoint

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
