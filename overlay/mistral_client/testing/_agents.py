"""Agents: CRUD, and completions through the chat logic with the agent's settings.

An agent completion is a chat completion with the agent's model, its instructions as a
leading system message, its function tools (unless the request brings its own) and its
completion_args (the request's own values win).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from . import _errors
from ._chat import complete
from ._models import require_model
from ._state import AgentRecord
from ._types import Call, JsonReply, RawReply, Reply

_CHAT_ARGS = (
    *("temperature", "top_p", "max_tokens", "stop", "random_seed", "response_format"),
    *("tool_choice", "presence_penalty", "frequency_penalty", "prediction"),
)


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json(agent: AgentRecord) -> dict[str, Any]:
    fields = agent.fields
    return {
        "id": agent.id,
        "object": "agent",
        "name": fields.get("name"),
        "description": fields.get("description"),
        "model": fields.get("model"),
        "instructions": fields.get("instructions"),
        "tools": copy.deepcopy(fields.get("tools") or []),
        "completion_args": copy.deepcopy(fields.get("completion_args") or {}),
        "guardrails": copy.deepcopy(fields.get("guardrails")),
        "handoffs": copy.deepcopy(fields.get("handoffs")),
        "metadata": copy.deepcopy(fields.get("metadata")),
        "version": agent.version,
        "versions": list(range(agent.version + 1)),
        "created_at": _iso(agent.created_at),
        "updated_at": _iso(agent.updated_at),
        "deployment_chat": bool(fields.get("deployment_chat")),
        "source": "api",
        "version_message": fields.get("version_message"),
    }


def _agent(call: Call, agent_id: Any) -> AgentRecord:
    agent = call.state.agents.get(agent_id) if isinstance(agent_id, str) else None
    if agent is None:
        raise _errors.not_found("Agent", str(agent_id))
    return agent


def agents_create(call: Call) -> Reply:
    state, body = call.state, call.body
    require_model(state, body.get("model"))
    now = int(state.now())
    agent = AgentRecord(
        id=f"ag_{state.ids.hex32('agent')}",
        fields=copy.deepcopy(body),
        created_at=now,
        updated_at=now,
        seq=state.next_seq(),
    )
    state.agents[agent.id] = agent
    return JsonReply(_json(agent))


def agents_list(call: Call) -> Reply:
    query = call.query
    agents = sorted(call.state.agents.values(), key=lambda a: a.seq, reverse=True)
    if query.get("name"):
        agents = [a for a in agents if a.fields.get("name") == query["name"]]
    if query.get("search"):
        needle = str(query["search"]).lower()
        agents = [a for a in agents if needle in f"{a.id} {a.fields.get('name')}".lower()]
    page = int(query.get("page", 0))
    size = int(query.get("page_size", 20))
    return JsonReply([_json(a) for a in agents[page * size : (page + 1) * size]])


def agents_get(call: Call) -> Reply:
    return JsonReply(_json(_agent(call, call.path_params["agent_id"])))


def agents_update(call: Call) -> Reply:
    agent = _agent(call, call.path_params["agent_id"])
    changes = {k: v for k, v in call.body.items() if v is not None}
    if "model" in changes:
        require_model(call.state, changes["model"])
    agent.fields.update(copy.deepcopy(changes))
    agent.updated_at = int(call.state.now())
    agent.version += 1
    return JsonReply(_json(agent))


def agents_delete(call: Call) -> Reply:
    agent = _agent(call, call.path_params["agent_id"])
    del call.state.agents[agent.id]
    return RawReply(b"", status=204)


def agents_complete(call: Call) -> Reply:
    body = call.body
    agent = _agent(call, body.get("agent_id"))
    fields = agent.fields
    request: dict[str, Any] = {}
    request.update(
        {k: v for k, v in (fields.get("completion_args") or {}).items() if k in _CHAT_ARGS}
    )
    request.update({k: v for k, v in body.items() if k != "agent_id"})
    messages = list(body.get("messages") or [])
    if fields.get("instructions"):
        messages.insert(0, {"role": "system", "content": fields["instructions"]})
    request["messages"] = messages
    if not body.get("tools"):
        request["tools"] = [t for t in fields.get("tools") or [] if t.get("type") == "function"]
    completion = complete(
        call.state, request, str(fields.get("model")), call.scripted_content, call.scripted_finish
    )
    return completion.reply(bool(body.get("stream")))
