from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..models.prompt_mode import PromptMode
from ..models.reasoning_effort import ReasoningEffort
from ..models.tool_choice_enum import ToolChoiceEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assistant_message import AssistantMessage
    from ..models.prediction import Prediction
    from ..models.response_format import ResponseFormat
    from ..models.system_message import SystemMessage
    from ..models.tool import Tool
    from ..models.tool_choice import ToolChoice
    from ..models.tool_message import ToolMessage
    from ..models.user_message import UserMessage


T = TypeVar("T", bound="AgentCompletionRequest")


@_attrs_define
class AgentCompletionRequest(ModelHelpers):
    """Body of POST /v1/agents/completions. Sampling settings (temperature, top_p, ...) come from the agent and cannot be
    sent here.

    """

    agent_id: str
    """ The agent that answers. """
    messages: list[AssistantMessage | SystemMessage | ToolMessage | UserMessage]
    max_tokens: int | None | Unset = UNSET
    stream: bool | Unset = UNSET
    """ Answer with server-sent events (server default false). """
    stop: list[str] | str | Unset = UNSET
    random_seed: int | None | Unset = UNSET
    metadata: Any | None | Unset = UNSET
    response_format: ResponseFormat | Unset = UNSET
    """ Output format. `json_object` guarantees JSON (also ask for JSON in the prompt); `json_schema` guarantees
    JSON that follows `json_schema`. """
    tools: list[Tool] | None | Unset = UNSET
    tool_choice: ToolChoice | ToolChoiceEnum | Unset = UNSET
    """ Server default `auto`. """
    presence_penalty: float | Unset = UNSET
    frequency_penalty: float | Unset = UNSET
    n: int | None | Unset = UNSET
    prediction: Prediction | Unset = UNSET
    """ Expected output, used to speed up generation of mostly-known text. """
    parallel_tool_calls: bool | Unset = UNSET
    """ Server default true. """
    prompt_mode: None | PromptMode | Unset = UNSET
    reasoning_effort: ReasoningEffort | Unset = UNSET
    """ How much reasoning a reasoning model does. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool_choice import ToolChoice  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415

        agent_id = self.agent_id

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if isinstance(messages_item_data, SystemMessage):
                messages_item = messages_item_data.to_dict()
            elif isinstance(messages_item_data, UserMessage):
                messages_item = messages_item_data.to_dict()
            elif isinstance(messages_item_data, AssistantMessage):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        max_tokens: int | None | Unset
        if isinstance(self.max_tokens, Unset):
            max_tokens = UNSET
        else:
            max_tokens = self.max_tokens

        stream = self.stream

        stop: list[str] | str | Unset
        if isinstance(self.stop, Unset):
            stop = UNSET
        elif isinstance(self.stop, list):
            stop = self.stop

        else:
            stop = self.stop

        random_seed: int | None | Unset
        if isinstance(self.random_seed, Unset):
            random_seed = UNSET
        else:
            random_seed = self.random_seed

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        response_format: dict[str, Any] | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.to_dict()

        tools: list[dict[str, Any]] | None | Unset
        if isinstance(self.tools, Unset):
            tools = UNSET
        elif isinstance(self.tools, list):
            tools = []
            for tools_type_0_item_data in self.tools:
                tools_type_0_item = tools_type_0_item_data.to_dict()
                tools.append(tools_type_0_item)

        else:
            tools = self.tools

        tool_choice: dict[str, Any] | str | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoice):
            tool_choice = self.tool_choice.to_dict()
        else:
            tool_choice = self.tool_choice.value

        presence_penalty = self.presence_penalty

        frequency_penalty = self.frequency_penalty

        n: int | None | Unset
        if isinstance(self.n, Unset):
            n = UNSET
        else:
            n = self.n

        prediction: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prediction, Unset):
            prediction = self.prediction.to_dict()

        parallel_tool_calls = self.parallel_tool_calls

        prompt_mode: None | str | Unset
        if isinstance(self.prompt_mode, Unset):
            prompt_mode = UNSET
        elif isinstance(self.prompt_mode, PromptMode):
            prompt_mode = self.prompt_mode.value
        else:
            prompt_mode = self.prompt_mode

        reasoning_effort: str | Unset = UNSET
        if not isinstance(self.reasoning_effort, Unset):
            reasoning_effort = self.reasoning_effort.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agent_id": agent_id,
                "messages": messages,
            }
        )
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stop is not UNSET:
            field_dict["stop"] = stop
        if random_seed is not UNSET:
            field_dict["random_seed"] = random_seed
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if tools is not UNSET:
            field_dict["tools"] = tools
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if n is not UNSET:
            field_dict["n"] = n
        if prediction is not UNSET:
            field_dict["prediction"] = prediction
        if parallel_tool_calls is not UNSET:
            field_dict["parallel_tool_calls"] = parallel_tool_calls
        if prompt_mode is not UNSET:
            field_dict["prompt_mode"] = prompt_mode
        if reasoning_effort is not UNSET:
            field_dict["reasoning_effort"] = reasoning_effort

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.prediction import Prediction  # noqa: PLC0415
        from ..models.response_format import ResponseFormat  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.tool_choice import ToolChoice  # noqa: PLC0415
        from ..models.tool_message import ToolMessage  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = d.pop("agent_id")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
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

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        def _parse_max_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_tokens = _parse_max_tokens(d.pop("max_tokens", UNSET))

        stream = d.pop("stream", UNSET)

        def _parse_stop(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                stop_type_1 = cast(list[str], data)

                return stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        stop = _parse_stop(d.pop("stop", UNSET))

        def _parse_random_seed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        random_seed = _parse_random_seed(d.pop("random_seed", UNSET))

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        _response_format = d.pop("response_format", UNSET)
        response_format: ResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = ResponseFormat.from_dict(_response_format)

        def _parse_tools(data: object) -> list[Tool] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tools_type_0 = []
                _tools_type_0 = data
                for tools_type_0_item_data in _tools_type_0:
                    tools_type_0_item = Tool.from_dict(tools_type_0_item_data)

                    tools_type_0.append(tools_type_0_item)

                return tools_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Tool] | None | Unset, data)

        tools = _parse_tools(d.pop("tools", UNSET))

        def _parse_tool_choice(data: object) -> ToolChoice | ToolChoiceEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tool_choice_type_0 = ToolChoice.from_dict(data)

                return tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            tool_choice_type_1 = ToolChoiceEnum(data)

            return tool_choice_type_1

        tool_choice = _parse_tool_choice(d.pop("tool_choice", UNSET))

        presence_penalty = d.pop("presence_penalty", UNSET)

        frequency_penalty = d.pop("frequency_penalty", UNSET)

        def _parse_n(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        n = _parse_n(d.pop("n", UNSET))

        _prediction = d.pop("prediction", UNSET)
        prediction: Prediction | Unset
        if isinstance(_prediction, Unset):
            prediction = UNSET
        else:
            prediction = Prediction.from_dict(_prediction)

        parallel_tool_calls = d.pop("parallel_tool_calls", UNSET)

        def _parse_prompt_mode(data: object) -> None | PromptMode | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                prompt_mode_type_0 = PromptMode(data)

                return prompt_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromptMode | Unset, data)

        prompt_mode = _parse_prompt_mode(d.pop("prompt_mode", UNSET))

        _reasoning_effort = d.pop("reasoning_effort", UNSET)
        reasoning_effort: ReasoningEffort | Unset
        if isinstance(_reasoning_effort, Unset):
            reasoning_effort = UNSET
        else:
            reasoning_effort = ReasoningEffort(_reasoning_effort)

        agent_completion_request = cls(
            agent_id=agent_id,
            messages=messages,
            max_tokens=max_tokens,
            stream=stream,
            stop=stop,
            random_seed=random_seed,
            metadata=metadata,
            response_format=response_format,
            tools=tools,
            tool_choice=tool_choice,
            presence_penalty=presence_penalty,
            frequency_penalty=frequency_penalty,
            n=n,
            prediction=prediction,
            parallel_tool_calls=parallel_tool_calls,
            prompt_mode=prompt_mode,
            reasoning_effort=reasoning_effort,
        )

        return agent_completion_request
