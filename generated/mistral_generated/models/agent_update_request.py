from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.code_interpreter_tool import CodeInterpreterTool
    from ..models.completion_args import CompletionArgs
    from ..models.connector_tool import ConnectorTool
    from ..models.document_library_tool import DocumentLibraryTool
    from ..models.guardrail_config import GuardrailConfig
    from ..models.image_generation_tool import ImageGenerationTool
    from ..models.tool import Tool
    from ..models.web_search_premium_tool import WebSearchPremiumTool
    from ..models.web_search_tool import WebSearchTool


T = TypeVar("T", bound="AgentUpdateRequest")


@_attrs_define
class AgentUpdateRequest(ModelHelpers):
    """Body of PATCH /v1/agents/{agent_id}; only the given fields change."""

    model: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    """ What the agent is for, shown to people. """
    instructions: None | str | Unset = UNSET
    tools: (
        list[
            CodeInterpreterTool
            | ConnectorTool
            | DocumentLibraryTool
            | ImageGenerationTool
            | Tool
            | WebSearchPremiumTool
            | WebSearchTool
        ]
        | Unset
    ) = UNSET
    completion_args: CompletionArgs | Unset = UNSET
    """ Default completion settings of an agent (each may be overridden per request). """
    guardrails: list[GuardrailConfig] | None | Unset = UNSET
    handoffs: list[str] | None | Unset = UNSET
    deployment_chat: bool | None | Unset = UNSET
    """ Make the agent available in Le Chat. """
    metadata: Any | None | Unset = UNSET
    version_message: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.code_interpreter_tool import CodeInterpreterTool  # noqa: PLC0415
        from ..models.document_library_tool import DocumentLibraryTool  # noqa: PLC0415
        from ..models.image_generation_tool import ImageGenerationTool  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.web_search_premium_tool import WebSearchPremiumTool  # noqa: PLC0415
        from ..models.web_search_tool import WebSearchTool  # noqa: PLC0415

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        instructions: None | str | Unset
        if isinstance(self.instructions, Unset):
            instructions = UNSET
        else:
            instructions = self.instructions

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item: dict[str, Any]
                if isinstance(tools_item_data, Tool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, WebSearchTool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, WebSearchPremiumTool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, CodeInterpreterTool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, ImageGenerationTool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, DocumentLibraryTool):
                    tools_item = tools_item_data.to_dict()
                else:
                    tools_item = tools_item_data.to_dict()

                tools.append(tools_item)

        completion_args: dict[str, Any] | Unset = UNSET
        if not isinstance(self.completion_args, Unset):
            completion_args = self.completion_args.to_dict()

        guardrails: list[dict[str, Any]] | None | Unset
        if isinstance(self.guardrails, Unset):
            guardrails = UNSET
        elif isinstance(self.guardrails, list):
            guardrails = []
            for guardrails_type_0_item_data in self.guardrails:
                guardrails_type_0_item = guardrails_type_0_item_data.to_dict()
                guardrails.append(guardrails_type_0_item)

        else:
            guardrails = self.guardrails

        handoffs: list[str] | None | Unset
        if isinstance(self.handoffs, Unset):
            handoffs = UNSET
        elif isinstance(self.handoffs, list):
            handoffs = self.handoffs

        else:
            handoffs = self.handoffs

        deployment_chat: bool | None | Unset
        if isinstance(self.deployment_chat, Unset):
            deployment_chat = UNSET
        else:
            deployment_chat = self.deployment_chat

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        version_message: None | str | Unset
        if isinstance(self.version_message, Unset):
            version_message = UNSET
        else:
            version_message = self.version_message

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if instructions is not UNSET:
            field_dict["instructions"] = instructions
        if tools is not UNSET:
            field_dict["tools"] = tools
        if completion_args is not UNSET:
            field_dict["completion_args"] = completion_args
        if guardrails is not UNSET:
            field_dict["guardrails"] = guardrails
        if handoffs is not UNSET:
            field_dict["handoffs"] = handoffs
        if deployment_chat is not UNSET:
            field_dict["deployment_chat"] = deployment_chat
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if version_message is not UNSET:
            field_dict["version_message"] = version_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.code_interpreter_tool import CodeInterpreterTool  # noqa: PLC0415
        from ..models.completion_args import CompletionArgs  # noqa: PLC0415
        from ..models.connector_tool import ConnectorTool  # noqa: PLC0415
        from ..models.document_library_tool import DocumentLibraryTool  # noqa: PLC0415
        from ..models.guardrail_config import GuardrailConfig  # noqa: PLC0415
        from ..models.image_generation_tool import ImageGenerationTool  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.web_search_premium_tool import WebSearchPremiumTool  # noqa: PLC0415
        from ..models.web_search_tool import WebSearchTool  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_instructions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instructions = _parse_instructions(d.pop("instructions", UNSET))

        _tools = d.pop("tools", UNSET)
        tools: (
            list[
                CodeInterpreterTool
                | ConnectorTool
                | DocumentLibraryTool
                | ImageGenerationTool
                | Tool
                | WebSearchPremiumTool
                | WebSearchTool
            ]
            | Unset
        ) = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:

                def _parse_tools_item(
                    data: object,
                ) -> (
                    CodeInterpreterTool
                    | ConnectorTool
                    | DocumentLibraryTool
                    | ImageGenerationTool
                    | Tool
                    | WebSearchPremiumTool
                    | WebSearchTool
                ):
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_0 = Tool.from_dict(data)

                        return tools_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_1 = WebSearchTool.from_dict(data)

                        return tools_item_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_2 = WebSearchPremiumTool.from_dict(data)

                        return tools_item_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_3 = CodeInterpreterTool.from_dict(data)

                        return tools_item_type_3
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_4 = ImageGenerationTool.from_dict(data)

                        return tools_item_type_4
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_5 = DocumentLibraryTool.from_dict(data)

                        return tools_item_type_5
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    tools_item_type_6 = ConnectorTool.from_dict(data)

                    return tools_item_type_6

                tools_item = _parse_tools_item(tools_item_data)

                tools.append(tools_item)

        _completion_args = d.pop("completion_args", UNSET)
        completion_args: CompletionArgs | Unset
        if isinstance(_completion_args, Unset):
            completion_args = UNSET
        else:
            completion_args = CompletionArgs.from_dict(_completion_args)

        def _parse_guardrails(data: object) -> list[GuardrailConfig] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                guardrails_type_0 = []
                _guardrails_type_0 = data
                for guardrails_type_0_item_data in _guardrails_type_0:
                    guardrails_type_0_item = GuardrailConfig.from_dict(guardrails_type_0_item_data)

                    guardrails_type_0.append(guardrails_type_0_item)

                return guardrails_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[GuardrailConfig] | None | Unset, data)

        guardrails = _parse_guardrails(d.pop("guardrails", UNSET))

        def _parse_handoffs(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                handoffs_type_0 = cast(list[str], data)

                return handoffs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        handoffs = _parse_handoffs(d.pop("handoffs", UNSET))

        def _parse_deployment_chat(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        deployment_chat = _parse_deployment_chat(d.pop("deployment_chat", UNSET))

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_version_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version_message = _parse_version_message(d.pop("version_message", UNSET))

        agent_update_request = cls(
            model=model,
            name=name,
            description=description,
            instructions=instructions,
            tools=tools,
            completion_args=completion_args,
            guardrails=guardrails,
            handoffs=handoffs,
            deployment_chat=deployment_chat,
            metadata=metadata,
            version_message=version_message,
        )

        return agent_update_request
