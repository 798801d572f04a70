from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.completion_chunk_choice import CompletionChunkChoice
    from ..models.usage_info import UsageInfo


T = TypeVar("T", bound="CompletionChunk")


@_attrs_define
class CompletionChunk(ModelHelpers):
    """One server-sent event of a streamed completion. `usage` only comes with the last chunk. Unknown keys (such as the
    random-length padding `p`) are kept and may be ignored.

    """

    id: str
    choices: list[CompletionChunkChoice]
    object_: str | Unset = UNSET
    created: int | Unset = UNSET
    model: str | Unset = UNSET
    usage: UsageInfo | Unset = UNSET
    """ Token accounting. Extra keys the API adds are kept. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)

        object_ = self.object_

        created = self.created

        model = self.model

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "choices": choices,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if created is not UNSET:
            field_dict["created"] = created
        if model is not UNSET:
            field_dict["model"] = model
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_chunk_choice import CompletionChunkChoice  # noqa: PLC0415
        from ..models.usage_info import UsageInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        choices = []
        _choices = d.pop("choices")
        for choices_item_data in _choices:
            choices_item = CompletionChunkChoice.from_dict(choices_item_data)

            choices.append(choices_item)

        object_ = d.pop("object", UNSET)

        created = d.pop("created", UNSET)

        model = d.pop("model", UNSET)

        _usage = d.pop("usage", UNSET)
        usage: UsageInfo | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = UsageInfo.from_dict(_usage)

        completion_chunk = cls(
            id=id,
            choices=choices,
            object_=object_,
            created=created,
            model=model,
            usage=usage,
        )

        completion_chunk.additional_properties = d
        return completion_chunk

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
