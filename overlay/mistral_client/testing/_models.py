"""Models: list, retrieve, delete (fine-tuned only), update, archive, unarchive."""

from __future__ import annotations

import copy
from typing import Any

from . import _errors
from ._catalog import BASE_MODELS
from ._state import EmulatorState
from ._types import Call, JsonReply, Reply


def find_model(state: EmulatorState, name: str) -> dict[str, Any] | None:
    """The card of a base model (by id or alias) or of a fine-tuned model."""
    if name in state.ft_models:
        return state.ft_models[name]
    for card in BASE_MODELS:
        if name == card["id"] or name in card["aliases"]:
            return card
    return None


def require_model(state: EmulatorState, name: Any) -> dict[str, Any]:
    """The card of `name`, or the API's 400 "Invalid model" (code 1500)."""
    card = find_model(state, name) if isinstance(name, str) else None
    if card is None:
        raise _errors.invalid_model(str(name if name is not None else ""))
    return card


def _shown(state: EmulatorState, card: dict[str, Any]) -> dict[str, Any]:
    shown = copy.deepcopy(card)
    if shown["type"] == "base":
        shown["created"] = int(state.now())
    return shown


def models_list(call: Call) -> Reply:
    state = call.state
    cards = [*BASE_MODELS, *state.ft_models.values()]
    return JsonReply({"object": "list", "data": [_shown(state, c) for c in cards]})


def models_retrieve(call: Call) -> Reply:
    model_id = call.path_params["model_id"]
    card = find_model(call.state, model_id)
    if card is None:
        raise _errors.not_found("Model", model_id)
    return JsonReply(_shown(call.state, card))


def _fine_tuned(call: Call) -> dict[str, Any]:
    model_id = call.path_params["model_id"]
    card = call.state.ft_models.get(model_id)
    if card is None:
        raise _errors.not_found("Fine-tuned model", model_id)
    return card


def models_delete(call: Call) -> Reply:
    model_id = call.path_params["model_id"]
    card = find_model(call.state, model_id)
    if card is None:
        raise _errors.not_found("Model", model_id)
    if card["type"] != "fine-tuned":
        raise _errors.bad_request(
            f"Model {model_id} is not a fine-tuned model: it cannot be deleted"
        )
    del call.state.ft_models[card["id"]]
    return JsonReply({"id": card["id"], "object": "model", "deleted": True})


def models_update(call: Call) -> Reply:
    card = _fine_tuned(call)
    body = call.body if isinstance(call.body, dict) else {}
    for key in ("name", "description"):
        if body.get(key) is not None:
            card[key] = body[key]
    return JsonReply(copy.deepcopy(card))


def _set_archived(call: Call, archived: bool) -> Reply:
    card = _fine_tuned(call)
    card["archived"] = archived
    return JsonReply({"id": card["id"], "object": "model", "archived": archived})


def models_archive(call: Call) -> Reply:
    return _set_archived(call, True)


def models_unarchive(call: Call) -> Reply:
    return _set_archived(call, False)


def add_fine_tuned_model(
    state: EmulatorState, model_id: str, base: dict[str, Any], job_id: str, extra: dict[str, Any]
) -> None:
    card = copy.deepcopy(base)
    card.update(
        {
            "id": model_id,
            "created": int(state.now()),
            "owned_by": "mistral-emulator",
            "name": model_id,
            "description": f"Fine-tuned from {base['id']}",
            "aliases": [],
            "type": "fine-tuned",
            "job": job_id,
            "root": base["id"],
            "archived": False,
            "model_type": "classifier" if extra.get("classifier_targets") else "completion",
        }
    )
    card.update(extra)
    state.ft_models[model_id] = card
