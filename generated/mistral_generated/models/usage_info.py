from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prompt_tokens_details import PromptTokensDetails


T = TypeVar("T", bound="UsageInfo")


@_attrs_define
class UsageInfo(ModelHelpers):
    """Token accounting. Extra keys the API adds are kept."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_audio_seconds: Any | Unset = UNSET
    """ Seconds of audio input (null or absent for text). """
    num_cached_tokens: int | None | Unset = UNSET
    prompt_tokens_details: None | PromptTokensDetails | Unset = UNSET
    prompt_token_details: None | PromptTokensDetails | Unset = UNSET
    """ Same as `prompt_tokens_details`; the API sends this spelling too. """
    request_count: int | None | Unset = UNSET
    service_tier: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.prompt_tokens_details import PromptTokensDetails  # noqa: PLC0415

        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        total_tokens = self.total_tokens

        prompt_audio_seconds = self.prompt_audio_seconds

        num_cached_tokens: int | None | Unset
        if isinstance(self.num_cached_tokens, Unset):
            num_cached_tokens = UNSET
        else:
            num_cached_tokens = self.num_cached_tokens

        prompt_tokens_details: dict[str, Any] | None | Unset
        if isinstance(self.prompt_tokens_details, Unset):
            prompt_tokens_details = UNSET
        elif isinstance(self.prompt_tokens_details, PromptTokensDetails):
            prompt_tokens_details = self.prompt_tokens_details.to_dict()
        else:
            prompt_tokens_details = self.prompt_tokens_details

        prompt_token_details: dict[str, Any] | None | Unset
        if isinstance(self.prompt_token_details, Unset):
            prompt_token_details = UNSET
        elif isinstance(self.prompt_token_details, PromptTokensDetails):
            prompt_token_details = self.prompt_token_details.to_dict()
        else:
            prompt_token_details = self.prompt_token_details

        request_count: int | None | Unset
        if isinstance(self.request_count, Unset):
            request_count = UNSET
        else:
            request_count = self.request_count

        service_tier: None | str | Unset
        if isinstance(self.service_tier, Unset):
            service_tier = UNSET
        else:
            service_tier = self.service_tier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": total_tokens,
            }
        )
        if prompt_audio_seconds is not UNSET:
            field_dict["prompt_audio_seconds"] = prompt_audio_seconds
        if num_cached_tokens is not UNSET:
            field_dict["num_cached_tokens"] = num_cached_tokens
        if prompt_tokens_details is not UNSET:
            field_dict["prompt_tokens_details"] = prompt_tokens_details
        if prompt_token_details is not UNSET:
            field_dict["prompt_token_details"] = prompt_token_details
        if request_count is not UNSET:
            field_dict["request_count"] = request_count
        if service_tier is not UNSET:
            field_dict["service_tier"] = service_tier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prompt_tokens_details import PromptTokensDetails  # noqa: PLC0415

        d = dict(src_dict)
        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        total_tokens = d.pop("total_tokens")

        prompt_audio_seconds = d.pop("prompt_audio_seconds", UNSET)

        def _parse_num_cached_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        num_cached_tokens = _parse_num_cached_tokens(d.pop("num_cached_tokens", UNSET))

        def _parse_prompt_tokens_details(data: object) -> None | PromptTokensDetails | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prompt_tokens_details_type_0 = PromptTokensDetails.from_dict(data)

                return prompt_tokens_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromptTokensDetails | Unset, data)

        prompt_tokens_details = _parse_prompt_tokens_details(d.pop("prompt_tokens_details", UNSET))

        def _parse_prompt_token_details(data: object) -> None | PromptTokensDetails | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prompt_token_details_type_0 = PromptTokensDetails.from_dict(data)

                return prompt_token_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromptTokensDetails | Unset, data)

        prompt_token_details = _parse_prompt_token_details(d.pop("prompt_token_details", UNSET))

        def _parse_request_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        request_count = _parse_request_count(d.pop("request_count", UNSET))

        def _parse_service_tier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_tier = _parse_service_tier(d.pop("service_tier", UNSET))

        usage_info = cls(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            prompt_audio_seconds=prompt_audio_seconds,
            num_cached_tokens=num_cached_tokens,
            prompt_tokens_details=prompt_tokens_details,
            prompt_token_details=prompt_token_details,
            request_count=request_count,
            service_tier=service_tier,
        )

        usage_info.additional_properties = d
        return usage_info

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
