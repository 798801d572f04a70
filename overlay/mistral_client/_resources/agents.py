"""`client.agents`: create and manage agents, and ask them (POST /v1/agents/completions)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any, Required, Unpack

from mistral_generated.api.agents import (
    agents_complete,
    agents_create,
    agents_delete,
    agents_get,
    agents_list,
    agents_update,
)
from mistral_generated.models import Agent, ChatCompletionResponse, CompletionChunk, Tool

from .. import _pagination
from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from .._streaming import AsyncStream, Stream
from ._base import (
    AsyncResource,
    SyncResource,
    api_fields,
    only_options,
    plain_body,
    prepare,
    stream_call,
)
from .chat import ChatParams, StreamFlag, validate_chat_fields


class AgentFields(CallOptions, total=False):
    """Fields an agent is created or updated with."""

    description: str | None
    instructions: str | None
    tools: Sequence[Tool | Mapping[str, Any]] | None
    completion_args: Mapping[str, Any] | None
    handoffs: Sequence[str] | None
    guardrails: Sequence[Mapping[str, Any]] | None
    metadata: Mapping[str, Any] | None
    version_message: str | None


class AgentCreateParams(AgentFields, total=False):
    """Keyword arguments of `client.agents.create`."""

    model: Required[str]
    name: Required[str]


class AgentUpdateParams(AgentFields, total=False):
    """Keyword arguments of `client.agents.update` (besides `agent_id`)."""

    model: str | None
    name: str | None
    deployment_chat: bool | None


class AgentListParams(CallOptions, total=False):
    """Keyword arguments of `client.agents.list` (pages are numbered from 0)."""

    page: int | None
    page_size: int | None
    name: str | None
    search: str | None


class AgentStreamParams(ChatParams, total=False):
    """Keyword arguments of `client.agents.stream` (those of `complete` but `stream`)."""

    agent_id: Required[str]


class AgentCompleteParams(AgentStreamParams, StreamFlag, total=False):
    """Keyword arguments of `client.agents.complete`."""


_CREATE_FIELDS = api_fields(AgentCreateParams)
_UPDATE_FIELDS = api_fields(AgentUpdateParams)
_LIST_FIELDS = api_fields(AgentListParams)
_COMPLETE_FIELDS = api_fields(AgentCompleteParams)


def _agent_fields(fields: Mapping[str, Any]) -> None:
    for name in ("name", "description", "instructions", "version_message"):
        if name in fields and not isinstance(fields[name], str):
            raise check.fail(name, "must be a string")
    check.tools(fields, built_in=True)  # the agents schema: function and built-in tools
    check.string_list(fields, "handoffs")
    args = fields.get("completion_args")
    if args is not None:
        args = check.mapping(args, "completion_args")
        check.number_in(args, "temperature", 0.0, 1.5, prefix="completion_args.")
        check.number_in(args, "top_p", 0.0, 1.0, low_open=True, prefix="completion_args.")
        check.positive_int(args, "max_tokens", prefix="completion_args.")


def create_call(params: Mapping[str, Any]) -> Call[Agent]:
    fields, options = prepare(params, _CREATE_FIELDS, "agents.create")
    check.non_empty_string(fields.get("model"), "model")
    check.non_empty_string(fields.get("name"), "name")
    _agent_fields(fields)
    return Call(
        operation="agents.create",
        request=agents_create._get_kwargs(body=plain_body(fields)),
        parse=model_parser(Agent.from_dict),
        # A second create would leave a duplicate agent behind.
        retry_safe=False,
        options=options,
        model=fields["model"],
    )


def update_call(agent_id: str, params: Mapping[str, Any]) -> Call[Agent]:
    agent_id = check.path_id(agent_id, "agent_id")
    fields, options = prepare(params, _UPDATE_FIELDS, "agents.update")
    if "model" in fields:
        check.non_empty_string(fields["model"], "model")
    _agent_fields(fields)
    return Call(
        operation="agents.update",
        request=agents_update._get_kwargs(agent_id=agent_id, body=plain_body(fields)),
        parse=model_parser(Agent.from_dict),
        retry_safe=True,
        options=options,
    )


def _agent_list(payload: Any) -> list[Agent]:
    if not isinstance(payload, list):
        raise TypeError(f"expected a JSON array of agents, got {type(payload).__name__}")
    return [Agent.from_dict(item) for item in payload]


def list_call(params: Mapping[str, Any]) -> Call[list[Agent]]:
    fields, options = prepare(params, _LIST_FIELDS, "agents.list")
    check.positive_int(fields, "page", minimum=0)
    check.positive_int(fields, "page_size")
    check.string(fields, "name")
    check.string(fields, "search")
    return Call(
        operation="agents.list",
        request=agents_list._get_kwargs(**fields),
        parse=model_parser(_agent_list),
        retry_safe=True,
        options=options,
    )


def get_call(agent_id: str, options: CallOptions) -> Call[Agent]:
    return Call(
        operation="agents.get",
        request=agents_get._get_kwargs(agent_id=check.path_id(agent_id, "agent_id")),
        parse=model_parser(Agent.from_dict),
        retry_safe=True,
        options=options,
    )


def _no_content(response: Any) -> None:
    return None


def delete_call(agent_id: str, options: CallOptions) -> Call[None]:
    return Call(
        operation="agents.delete",
        request=agents_delete._get_kwargs(agent_id=check.path_id(agent_id, "agent_id")),
        parse=_no_content,
        retry_safe=True,
        options=options,
    )


def complete_call(
    params: Mapping[str, Any], method: str = "agents.complete"
) -> Call[ChatCompletionResponse]:
    fields, options = prepare(params, _COMPLETE_FIELDS, method)
    check.path_id(fields.get("agent_id"), "agent_id")
    validate_chat_fields(fields, method)
    return Call(
        operation=method,
        request=agents_complete._get_kwargs(body=plain_body(fields)),
        parse=model_parser(ChatCompletionResponse.from_dict),
        retry_safe=True,
        options=options,
    )


def _page_items(page: list[Agent]) -> tuple[Sequence[Agent], int | None]:
    return page, None


class Agents(SyncResource):
    """Agents. Usage: `agent = client.agents.create(model=..., name="helper", instructions=...)`"""

    def create(self, **params: Unpack[AgentCreateParams]) -> Agent:
        """Create an agent. Not retried once sent."""
        return self._run(create_call(params))

    def list(self, **params: Unpack[AgentListParams]) -> list[Agent]:
        """One page of agents (`page` from 0, `page_size`)."""
        return self._run(list_call(params))

    def iter_all(self, **params: Unpack[AgentListParams]) -> Iterator[Agent]:
        """Every agent, fetching pages as it goes."""
        return _pagination.iterate(self.list, _page_items, dict(params))

    def get(self, agent_id: str, **options: Unpack[CallOptions]) -> Agent:
        """One agent."""
        return self._run(get_call(agent_id, only_options(options, "agents.get")))

    def update(self, agent_id: str, **params: Unpack[AgentUpdateParams]) -> Agent:
        """Change an agent's fields (a new version). Usage: `update(id, instructions="...")`"""
        return self._run(update_call(agent_id, params))

    def delete(self, agent_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete an agent (the API answers 204 No Content)."""
        self._run(delete_call(agent_id, only_options(options, "agents.delete")))

    def complete(self, **params: Unpack[AgentCompleteParams]) -> ChatCompletionResponse:
        """Ask an agent. Usage: `complete(agent_id=agent.id, messages=[...])`"""
        return self._run(complete_call(params))

    def stream(self, **params: Unpack[AgentStreamParams]) -> Stream[CompletionChunk]:
        """Ask an agent, streamed (see `Chat.stream`). Usage: `stream(agent_id=..., messages=[])`"""
        return self._stream(stream_call(params, "agents.stream", complete_call))


class AsyncAgents(AsyncResource):
    """Async agents (see `Agents`)."""

    async def create(self, **params: Unpack[AgentCreateParams]) -> Agent:
        """Create an agent. Not retried once sent."""
        return await self._run(create_call(params))

    async def list(self, **params: Unpack[AgentListParams]) -> list[Agent]:
        """One page of agents."""
        return await self._run(list_call(params))

    def iter_all(self, **params: Unpack[AgentListParams]) -> AsyncIterator[Agent]:
        """Every agent: `async for agent in client.agents.iter_all(): ...`"""
        return _pagination.aiterate(self.list, _page_items, dict(params))

    async def get(self, agent_id: str, **options: Unpack[CallOptions]) -> Agent:
        """One agent."""
        return await self._run(get_call(agent_id, only_options(options, "agents.get")))

    async def update(self, agent_id: str, **params: Unpack[AgentUpdateParams]) -> Agent:
        """Change an agent's fields."""
        return await self._run(update_call(agent_id, params))

    async def delete(self, agent_id: str, **options: Unpack[CallOptions]) -> None:
        """Delete an agent."""
        await self._run(delete_call(agent_id, only_options(options, "agents.delete")))

    async def complete(self, **params: Unpack[AgentCompleteParams]) -> ChatCompletionResponse:
        """Ask an agent."""
        return await self._run(complete_call(params))

    def stream(self, **params: Unpack[AgentStreamParams]) -> AsyncStream[CompletionChunk]:
        """Ask an agent, streamed: `async with client.agents.stream(...) as s:`."""
        return self._stream(stream_call(params, "agents.stream", complete_call))
