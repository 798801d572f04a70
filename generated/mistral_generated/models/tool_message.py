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
    from ..models.audio_chunk import AudioChunk
    from ..models.document_url_chunk import DocumentUrlChunk
    from ..models.file_chunk import FileChunk
    from ..models.image_url_chunk import ImageUrlChunk
    from ..models.reference_chunk import ReferenceChunk
    from ..models.text_chunk import TextChunk
    from ..models.think_chunk import ThinkChunk
    from ..models.unknown_content_chunk import UnknownContentChunk


T = TypeVar("T", bound="ToolMessage")


@_attrs_define
class ToolMessage(ModelHelpers):
    """The result of a tool call, sent back to the model."""

    content: (
        list[
            AudioChunk
            | DocumentUrlChunk
            | FileChunk
            | ImageUrlChunk
            | ReferenceChunk
            | TextChunk
            | ThinkChunk
            | UnknownContentChunk
        ]
        | None
        | str
    )
    role: Literal["tool"] = "tool"
    tool_call_id: None | str | Unset = UNSET
    """ Id of the tool call this answers. """
    name: None | str | Unset = UNSET
    """ Name of the function that was called. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audio_chunk import AudioChunk  # noqa: PLC0415
        from ..models.document_url_chunk import DocumentUrlChunk  # noqa: PLC0415
        from ..models.file_chunk import FileChunk  # noqa: PLC0415
        from ..models.image_url_chunk import ImageUrlChunk  # noqa: PLC0415
        from ..models.reference_chunk import ReferenceChunk  # noqa: PLC0415
        from ..models.text_chunk import TextChunk  # noqa: PLC0415
        from ..models.think_chunk import ThinkChunk  # noqa: PLC0415

        role = self.role

        content: list[dict[str, Any]] | None | str
        if isinstance(self.content, list):
            content = []
            for content_type_2_item_data in self.content:
                content_type_2_item: dict[str, Any]
                if isinstance(content_type_2_item_data, TextChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, ImageUrlChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, DocumentUrlChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, ReferenceChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, FileChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, ThinkChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                elif isinstance(content_type_2_item_data, AudioChunk):
                    content_type_2_item = content_type_2_item_data.to_dict()
                else:
                    content_type_2_item = content_type_2_item_data.to_dict()

                content.append(content_type_2_item)

        else:
            content = self.content

        tool_call_id: None | str | Unset
        if isinstance(self.tool_call_id, Unset):
            tool_call_id = UNSET
        else:
            tool_call_id = self.tool_call_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if tool_call_id is not UNSET:
            field_dict["tool_call_id"] = tool_call_id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audio_chunk import AudioChunk  # noqa: PLC0415
        from ..models.document_url_chunk import DocumentUrlChunk  # noqa: PLC0415
        from ..models.file_chunk import FileChunk  # noqa: PLC0415
        from ..models.image_url_chunk import ImageUrlChunk  # noqa: PLC0415
        from ..models.reference_chunk import ReferenceChunk  # noqa: PLC0415
        from ..models.text_chunk import TextChunk  # noqa: PLC0415
        from ..models.think_chunk import ThinkChunk  # noqa: PLC0415
        from ..models.unknown_content_chunk import UnknownContentChunk  # noqa: PLC0415

        d = dict(src_dict)
        role = cast(Literal["tool"], d.pop("role"))
        if role != "tool":
            raise ValueError(f"role must match const 'tool', got '{role}'")

        def _parse_content(
            data: object,
        ) -> (
            list[
                AudioChunk
                | DocumentUrlChunk
                | FileChunk
                | ImageUrlChunk
                | ReferenceChunk
                | TextChunk
                | ThinkChunk
                | UnknownContentChunk
            ]
            | None
            | str
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_2 = []
                _content_type_2 = data
                for content_type_2_item_data in _content_type_2:

                    def _parse_content_type_2_item(
                        data: object,
                    ) -> (
                        AudioChunk
                        | DocumentUrlChunk
                        | FileChunk
                        | ImageUrlChunk
                        | ReferenceChunk
                        | TextChunk
                        | ThinkChunk
                        | UnknownContentChunk
                    ):
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_0 = TextChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_1 = ImageUrlChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_2 = DocumentUrlChunk.from_dict(
                                data
                            )

                            return componentsschemas_content_chunk_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_3 = ReferenceChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_3
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_4 = FileChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_4
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_5 = ThinkChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_5
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_chunk_type_6 = AudioChunk.from_dict(data)

                            return componentsschemas_content_chunk_type_6
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_content_chunk_type_7 = UnknownContentChunk.from_dict(data)

                        return componentsschemas_content_chunk_type_7

                    content_type_2_item = _parse_content_type_2_item(content_type_2_item_data)

                    content_type_2.append(content_type_2_item)

                return content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[
                    AudioChunk
                    | DocumentUrlChunk
                    | FileChunk
                    | ImageUrlChunk
                    | ReferenceChunk
                    | TextChunk
                    | ThinkChunk
                    | UnknownContentChunk
                ]
                | None
                | str,
                data,
            )

        content = _parse_content(d.pop("content"))

        def _parse_tool_call_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tool_call_id = _parse_tool_call_id(d.pop("tool_call_id", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        tool_message = cls(
            role=role,
            content=content,
            tool_call_id=tool_call_id,
            name=name,
        )

        tool_message.additional_properties = d
        return tool_message

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
