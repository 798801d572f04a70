from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

if TYPE_CHECKING:
    from ..models.instruct_request import InstructRequest


T = TypeVar("T", bound="ChatClassificationRequest")


@_attrs_define
class ChatClassificationRequest(ModelHelpers):
    """Body of POST /v1/chat/classifications."""

    model: str
    input_: InstructRequest | list[InstructRequest]
    """ One conversation, or a list of conversations. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.instruct_request import InstructRequest  # noqa: PLC0415

        model = self.model

        input_: dict[str, Any] | list[dict[str, Any]]
        if isinstance(self.input_, InstructRequest):
            input_ = self.input_.to_dict()
        else:
            input_ = []
            for input_type_1_item_data in self.input_:
                input_type_1_item = input_type_1_item_data.to_dict()
                input_.append(input_type_1_item)

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
        from ..models.instruct_request import InstructRequest  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        def _parse_input_(data: object) -> InstructRequest | list[InstructRequest]:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                input_type_0 = InstructRequest.from_dict(data)

                return input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            input_type_1 = []
            _input_type_1 = data
            for input_type_1_item_data in _input_type_1:
                input_type_1_item = InstructRequest.from_dict(input_type_1_item_data)

                input_type_1.append(input_type_1_item)

            return input_type_1

        input_ = _parse_input_(d.pop("input"))

        chat_classification_request = cls(
            model=model,
            input_=input_,
        )

        return chat_classification_request
