from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobMetadata")


@_attrs_define
class JobMetadata(ModelHelpers):
    """Estimates computed when a job is validated."""

    expected_duration_seconds: int | None | Unset = UNSET
    cost: float | None | Unset = UNSET
    cost_currency: None | str | Unset = UNSET
    train_tokens_per_step: int | None | Unset = UNSET
    train_tokens: int | None | Unset = UNSET
    data_tokens: int | None | Unset = UNSET
    estimated_start_time: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expected_duration_seconds: int | None | Unset
        if isinstance(self.expected_duration_seconds, Unset):
            expected_duration_seconds = UNSET
        else:
            expected_duration_seconds = self.expected_duration_seconds

        cost: float | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        else:
            cost = self.cost

        cost_currency: None | str | Unset
        if isinstance(self.cost_currency, Unset):
            cost_currency = UNSET
        else:
            cost_currency = self.cost_currency

        train_tokens_per_step: int | None | Unset
        if isinstance(self.train_tokens_per_step, Unset):
            train_tokens_per_step = UNSET
        else:
            train_tokens_per_step = self.train_tokens_per_step

        train_tokens: int | None | Unset
        if isinstance(self.train_tokens, Unset):
            train_tokens = UNSET
        else:
            train_tokens = self.train_tokens

        data_tokens: int | None | Unset
        if isinstance(self.data_tokens, Unset):
            data_tokens = UNSET
        else:
            data_tokens = self.data_tokens

        estimated_start_time: int | None | Unset
        if isinstance(self.estimated_start_time, Unset):
            estimated_start_time = UNSET
        else:
            estimated_start_time = self.estimated_start_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if expected_duration_seconds is not UNSET:
            field_dict["expected_duration_seconds"] = expected_duration_seconds
        if cost is not UNSET:
            field_dict["cost"] = cost
        if cost_currency is not UNSET:
            field_dict["cost_currency"] = cost_currency
        if train_tokens_per_step is not UNSET:
            field_dict["train_tokens_per_step"] = train_tokens_per_step
        if train_tokens is not UNSET:
            field_dict["train_tokens"] = train_tokens
        if data_tokens is not UNSET:
            field_dict["data_tokens"] = data_tokens
        if estimated_start_time is not UNSET:
            field_dict["estimated_start_time"] = estimated_start_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_expected_duration_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expected_duration_seconds = _parse_expected_duration_seconds(
            d.pop("expected_duration_seconds", UNSET)
        )

        def _parse_cost(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cost = _parse_cost(d.pop("cost", UNSET))

        def _parse_cost_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cost_currency = _parse_cost_currency(d.pop("cost_currency", UNSET))

        def _parse_train_tokens_per_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        train_tokens_per_step = _parse_train_tokens_per_step(d.pop("train_tokens_per_step", UNSET))

        def _parse_train_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        train_tokens = _parse_train_tokens(d.pop("train_tokens", UNSET))

        def _parse_data_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        data_tokens = _parse_data_tokens(d.pop("data_tokens", UNSET))

        def _parse_estimated_start_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        estimated_start_time = _parse_estimated_start_time(d.pop("estimated_start_time", UNSET))

        job_metadata = cls(
            expected_duration_seconds=expected_duration_seconds,
            cost=cost,
            cost_currency=cost_currency,
            train_tokens_per_step=train_tokens_per_step,
            train_tokens=train_tokens,
            data_tokens=data_tokens,
            estimated_start_time=estimated_start_time,
        )

        job_metadata.additional_properties = d
        return job_metadata

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
