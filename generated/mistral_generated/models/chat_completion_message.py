from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import MessageHelpers
from attrs import field as _attrs_field

from ..models.message_role import MessageRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audio_chunk import AudioChunk
    from ..models.document_url_chunk import DocumentUrlChunk
    from ..models.file_chunk import FileChunk
    from ..models.image_url_chunk import ImageUrlChunk
    from ..models.reference_chunk import ReferenceChunk
    from ..models.text_chunk import TextChunk
    from ..models.think_chunk import ThinkChunk
    from ..models.tool_call import ToolCall
    from ..models.unknown_content_chunk import UnknownContentChunk


T = TypeVar("T", bound="ChatCompletionMessage")


@_attrs_define
class ChatCompletionMessage(MessageHelpers):
    """The message a completion generated. `role` is `assistant` today and kept as a plain string if the API sends a role
    this spec does not list. `content` is absent or null when the model only calls tools. Pass it back in `messages` as
    conversation history.

    """

    role: MessageRole | str
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
        | Unset
    ) = UNSET
    """ Text, a list of chunks (reasoning models add `thinking` chunks), or null. """
    tool_calls: list[ToolCall] = _attrs_field(factory=list)
    """ Calls the model wants to make, in order; empty when it calls none (the API then omits the field or sends
    null). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audio_chunk import AudioChunk  # noqa: PLC0415
        from ..models.document_url_chunk import DocumentUrlChunk  # noqa: PLC0415
        from ..models.file_chunk import FileChunk  # noqa: PLC0415
        from ..models.image_url_chunk import ImageUrlChunk  # noqa: PLC0415
        from ..models.reference_chunk import ReferenceChunk  # noqa: PLC0415
        from ..models.text_chunk import TextChunk  # noqa: PLC0415
        from ..models.think_chunk import ThinkChunk  # noqa: PLC0415

        role: str
        if isinstance(self.role, MessageRole):
            role = self.role.value
        else:
            role = self.role

        content: list[dict[str, Any]] | None | str | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, list):
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

        tool_calls: list[dict[str, Any]] | None | Unset
        if isinstance(self.tool_calls, Unset):
            tool_calls = UNSET
        elif isinstance(self.tool_calls, list):
            tool_calls = []
            for tool_calls_type_0_item_data in self.tool_calls:
                tool_calls_type_0_item = tool_calls_type_0_item_data.to_dict()
                tool_calls.append(tool_calls_type_0_item)

        else:
            tool_calls = self.tool_calls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if tool_calls:
            field_dict["tool_calls"] = tool_calls

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
        from ..models.tool_call import ToolCall  # noqa: PLC0415
        from ..models.unknown_content_chunk import UnknownContentChunk  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_role(data: object) -> MessageRole | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = MessageRole(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageRole | str, data)

        role = _parse_role(d.pop("role"))

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
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
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
                | str
                | Unset,
                data,
            )

        content = _parse_content(d.pop("content", UNSET))

        def _parse_tool_calls(data: object) -> list[ToolCall] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tool_calls_type_0 = []
                _tool_calls_type_0 = data
                for tool_calls_type_0_item_data in _tool_calls_type_0:
                    tool_calls_type_0_item = ToolCall.from_dict(tool_calls_type_0_item_data)

                    tool_calls_type_0.append(tool_calls_type_0_item)

                return tool_calls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ToolCall] | None | Unset, data)

        tool_calls = _parse_tool_calls(d.pop("tool_calls", UNSET)) or []

        chat_completion_message = cls(
            role=role,
            content=content,
            tool_calls=tool_calls,
        )

        chat_completion_message.additional_properties = d
        return chat_completion_message

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
