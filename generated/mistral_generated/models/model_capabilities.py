from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelCapabilities")


@_attrs_define
class ModelCapabilities(ModelHelpers):
    """What a model can do. Flags the API adds later are kept."""

    completion_chat: bool | Unset = UNSET
    completion_fim: bool | Unset = UNSET
    function_calling: bool | Unset = UNSET
    fine_tuning: bool | Unset = UNSET
    vision: bool | Unset = UNSET
    ocr: bool | Unset = UNSET
    classification: bool | Unset = UNSET
    moderation: bool | Unset = UNSET
    audio: bool | Unset = UNSET
    audio_transcription: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completion_chat = self.completion_chat

        completion_fim = self.completion_fim

        function_calling = self.function_calling

        fine_tuning = self.fine_tuning

        vision = self.vision

        ocr = self.ocr

        classification = self.classification

        moderation = self.moderation

        audio = self.audio

        audio_transcription = self.audio_transcription

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if completion_chat is not UNSET:
            field_dict["completion_chat"] = completion_chat
        if completion_fim is not UNSET:
            field_dict["completion_fim"] = completion_fim
        if function_calling is not UNSET:
            field_dict["function_calling"] = function_calling
        if fine_tuning is not UNSET:
            field_dict["fine_tuning"] = fine_tuning
        if vision is not UNSET:
            field_dict["vision"] = vision
        if ocr is not UNSET:
            field_dict["ocr"] = ocr
        if classification is not UNSET:
            field_dict["classification"] = classification
        if moderation is not UNSET:
            field_dict["moderation"] = moderation
        if audio is not UNSET:
            field_dict["audio"] = audio
        if audio_transcription is not UNSET:
            field_dict["audio_transcription"] = audio_transcription

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completion_chat = d.pop("completion_chat", UNSET)

        completion_fim = d.pop("completion_fim", UNSET)

        function_calling = d.pop("function_calling", UNSET)

        fine_tuning = d.pop("fine_tuning", UNSET)

        vision = d.pop("vision", UNSET)

        ocr = d.pop("ocr", UNSET)

        classification = d.pop("classification", UNSET)

        moderation = d.pop("moderation", UNSET)

        audio = d.pop("audio", UNSET)

        audio_transcription = d.pop("audio_transcription", UNSET)

        model_capabilities = cls(
            completion_chat=completion_chat,
            completion_fim=completion_fim,
            function_calling=function_calling,
            fine_tuning=fine_tuning,
            vision=vision,
            ocr=ocr,
            classification=classification,
            moderation=moderation,
            audio=audio,
            audio_transcription=audio_transcription,
        )

        model_capabilities.additional_properties = d
        return model_capabilities

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
