from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reference_chunk import ReferenceChunk
    from ..models.text_chunk import TextChunk
    from ..models.unknown_content_chunk import UnknownContentChunk


T = TypeVar("T", bound="ThinkChunk")


@_attrs_define
class ThinkChunk(ModelHelpers):
    """Reasoning trace produced by a reasoning model."""

    thinking: list[ReferenceChunk | TextChunk | UnknownContentChunk]
    type_: Literal["thinking"] = "thinking"
    closed: bool | Unset = UNSET
    """ Whether the trace is complete (only meaningful when used as a prefix). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.reference_chunk import ReferenceChunk  # noqa: PLC0415
        from ..models.text_chunk import TextChunk  # noqa: PLC0415

        type_ = self.type_

        thinking = []
        for thinking_item_data in self.thinking:
            thinking_item: dict[str, Any]
            if isinstance(thinking_item_data, TextChunk):
                thinking_item = thinking_item_data.to_dict()
            elif isinstance(thinking_item_data, ReferenceChunk):
                thinking_item = thinking_item_data.to_dict()
            else:
                thinking_item = thinking_item_data.to_dict()

            thinking.append(thinking_item)

        closed = self.closed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "thinking": thinking,
            }
        )
        if closed is not UNSET:
            field_dict["closed"] = closed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reference_chunk import ReferenceChunk  # noqa: PLC0415
        from ..models.text_chunk import TextChunk  # noqa: PLC0415
        from ..models.unknown_content_chunk import UnknownContentChunk  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["thinking"], d.pop("type"))
        if type_ != "thinking":
            raise ValueError(f"type must match const 'thinking', got '{type_}'")

        thinking = []
        _thinking = d.pop("thinking")
        for thinking_item_data in _thinking:

            def _parse_thinking_item(
                data: object,
            ) -> ReferenceChunk | TextChunk | UnknownContentChunk:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    thinking_item_type_0 = TextChunk.from_dict(data)

                    return thinking_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    thinking_item_type_1 = ReferenceChunk.from_dict(data)

                    return thinking_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                thinking_item_type_2 = UnknownContentChunk.from_dict(data)

                return thinking_item_type_2

            thinking_item = _parse_thinking_item(thinking_item_data)

            thinking.append(thinking_item)

        closed = d.pop("closed", UNSET)

        think_chunk = cls(
            type_=type_,
            thinking=thinking,
            closed=closed,
        )

        think_chunk.additional_properties = d
        return think_chunk

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
