from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

if TYPE_CHECKING:
    from ..models.assistant_message import AssistantMessage
    from ..models.system_message import SystemMessage
    from ..models.tool_message import ToolMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="ChatModerationRequest")


@_attrs_define
class ChatModerationRequest(ModelHelpers):
    """Body of POST /v1/chat/moderations."""

    model: str
    input_: list[
        AssistantMessage
        | list[AssistantMessage | SystemMessage | ToolMessage | UserMessage]
        | SystemMessage
        | ToolMessage
        | UserMessage
    ]
    """ One conversation (a list of messages) or several (a list of such lists). Written as one list whose items are
    messages or message lists, so that the generated model can tell the two forms apart; do not mix them. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool_message import ToolMessage  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415

        model = self.model

        input_ = []
        for input_item_data in self.input_:
            input_item: dict[str, Any] | list[dict[str, Any]]
            if isinstance(input_item_data, SystemMessage):
                input_item = input_item_data.to_dict()
            elif isinstance(input_item_data, UserMessage):
                input_item = input_item_data.to_dict()
            elif isinstance(input_item_data, AssistantMessage):
                input_item = input_item_data.to_dict()
            elif isinstance(input_item_data, ToolMessage):
                input_item = input_item_data.to_dict()
            else:
                input_item = []
                for input_item_type_1_item_data in input_item_data:
                    input_item_type_1_item: dict[str, Any]
                    if isinstance(input_item_type_1_item_data, SystemMessage):
                        input_item_type_1_item = input_item_type_1_item_data.to_dict()
                    elif isinstance(input_item_type_1_item_data, UserMessage):
                        input_item_type_1_item = input_item_type_1_item_data.to_dict()
                    elif isinstance(input_item_type_1_item_data, AssistantMessage):
                        input_item_type_1_item = input_item_type_1_item_data.to_dict()
                    else:
                        input_item_type_1_item = input_item_type_1_item_data.to_dict()

                    input_item.append(input_item_type_1_item)

            input_.append(input_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "input": input_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool_message import ToolMessage  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        input_ = []
        _input_ = d.pop("input")
        for input_item_data in _input_:

            def _parse_input_item(
                data: object,
            ) -> (
                AssistantMessage
                | list[AssistantMessage | SystemMessage | ToolMessage | UserMessage]
                | SystemMessage
                | ToolMessage
                | UserMessage
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = AssistantMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_3 = ToolMessage.from_dict(data)

                    return componentsschemas_message_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, list):
                    raise TypeError()
                input_item_type_1 = []
                _input_item_type_1 = data
                for input_item_type_1_item_data in _input_item_type_1:

                    def _parse_input_item_type_1_item(
                        data: object,
                    ) -> AssistantMessage | SystemMessage | ToolMessage | UserMessage:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_message_type_0 = SystemMessage.from_dict(data)

                            return componentsschemas_message_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_message_type_1 = UserMessage.from_dict(data)

                            return componentsschemas_message_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_message_type_2 = AssistantMessage.from_dict(data)

                            return componentsschemas_message_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_message_type_3 = ToolMessage.from_dict(data)

                        return componentsschemas_message_type_3

                    input_item_type_1_item = _parse_input_item_type_1_item(
                        input_item_type_1_item_data
                    )

                    input_item_type_1.append(input_item_type_1_item)

                return input_item_type_1

            input_item = _parse_input_item(input_item_data)

            input_.append(input_item)

        chat_moderation_request = cls(
            model=model,
            input_=input_,
        )

        return chat_moderation_request
