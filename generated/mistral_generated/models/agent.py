from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_completion_args import AgentCompletionArgs
    from ..models.code_interpreter_tool import CodeInterpreterTool
    from ..models.connector_tool import ConnectorTool
    from ..models.document_library_tool import DocumentLibraryTool
    from ..models.guardrail_config import GuardrailConfig
    from ..models.image_generation_tool import ImageGenerationTool
    from ..models.tool import Tool
    from ..models.unknown_agent_tool import UnknownAgentTool
    from ..models.web_search_premium_tool import WebSearchPremiumTool
    from ..models.web_search_tool import WebSearchTool


T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent(ModelHelpers):
    """A stored agent (one version of it)."""

    id: str
    object_: str
    model: str
    name: str
    version: int
    created_at: str
    """ ISO 8601 timestamp. """
    updated_at: str
    """ ISO 8601 timestamp. """
    description: None | str | Unset = UNSET
    instructions: None | str | Unset = UNSET
    tools: (
        list[
            CodeInterpreterTool
            | ConnectorTool
            | DocumentLibraryTool
            | ImageGenerationTool
            | Tool
            | UnknownAgentTool
            | WebSearchPremiumTool
            | WebSearchTool
        ]
        | Unset
    ) = UNSET
    completion_args: AgentCompletionArgs | Unset = UNSET
    """ An agent's stored completion settings, as returned by the API. """
    guardrails: list[GuardrailConfig] | None | Unset = UNSET
    handoffs: list[str] | None | Unset = UNSET
    metadata: Any | None | Unset = UNSET
    versions: list[int] | Unset = UNSET
    deployment_chat: bool | Unset = UNSET
    source: str | Unset = UNSET
    version_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.code_interpreter_tool import CodeInterpreterTool  # noqa: PLC0415
        from ..models.connector_tool import ConnectorTool  # noqa: PLC0415
        from ..models.document_library_tool import DocumentLibraryTool  # noqa: PLC0415
        from ..models.image_generation_tool import ImageGenerationTool  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.web_search_premium_tool import WebSearchPremiumTool  # noqa: PLC0415
        from ..models.web_search_tool import WebSearchTool  # noqa: PLC0415

        id = self.id

        object_ = self.object_

        model = self.model

        name = self.name

        version = self.version

        created_at = self.created_at

        updated_at = self.updated_at

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
                elif isinstance(tools_item_data, ConnectorTool):
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

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        versions: list[int] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = self.versions

        deployment_chat = self.deployment_chat

        source = self.source

        version_message: None | str | Unset
        if isinstance(self.version_message, Unset):
            version_message = UNSET
        else:
            version_message = self.version_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "model": model,
                "name": name,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
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
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if versions is not UNSET:
            field_dict["versions"] = versions
        if deployment_chat is not UNSET:
            field_dict["deployment_chat"] = deployment_chat
        if source is not UNSET:
            field_dict["source"] = source
        if version_message is not UNSET:
            field_dict["version_message"] = version_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_completion_args import AgentCompletionArgs  # noqa: PLC0415
        from ..models.code_interpreter_tool import CodeInterpreterTool  # noqa: PLC0415
        from ..models.connector_tool import ConnectorTool  # noqa: PLC0415
        from ..models.document_library_tool import DocumentLibraryTool  # noqa: PLC0415
        from ..models.guardrail_config import GuardrailConfig  # noqa: PLC0415
        from ..models.image_generation_tool import ImageGenerationTool  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.unknown_agent_tool import UnknownAgentTool  # noqa: PLC0415
        from ..models.web_search_premium_tool import WebSearchPremiumTool  # noqa: PLC0415
        from ..models.web_search_tool import WebSearchTool  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        model = d.pop("model")

        name = d.pop("name")

        version = d.pop("version")

        created_at = d.pop("created_at")

        updated_at = d.pop("updated_at")

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
                | UnknownAgentTool
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
                    | UnknownAgentTool
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
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        tools_item_type_6 = ConnectorTool.from_dict(data)

                        return tools_item_type_6
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    tools_item_type_7 = UnknownAgentTool.from_dict(data)

                    return tools_item_type_7

                tools_item = _parse_tools_item(tools_item_data)

                tools.append(tools_item)

        _completion_args = d.pop("completion_args", UNSET)
        completion_args: AgentCompletionArgs | Unset
        if isinstance(_completion_args, Unset):
            completion_args = UNSET
        else:
            completion_args = AgentCompletionArgs.from_dict(_completion_args)

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

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        versions = cast(list[int], d.pop("versions", UNSET))

        deployment_chat = d.pop("deployment_chat", UNSET)

        source = d.pop("source", UNSET)

        def _parse_version_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version_message = _parse_version_message(d.pop("version_message", UNSET))

        agent = cls(
            id=id,
            object_=object_,
            model=model,
            name=name,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            description=description,
            instructions=instructions,
            tools=tools,
            completion_args=completion_args,
            guardrails=guardrails,
            handoffs=handoffs,
            metadata=metadata,
            versions=versions,
            deployment_chat=deployment_chat,
            source=source,
            version_message=version_message,
        )

        agent.additional_properties = d
        return agent

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
