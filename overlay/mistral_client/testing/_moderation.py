"""Moderations and classifications: deterministic, keyword-driven scores.

A category is flagged when one of its keywords appears as a word (e.g. "kill" ->
violence_and_threats); flagged scores lie in [0.9, 1), others in [1e-5, 1e-3).
Classifications answer one target, "sentiment" (positive / neutral / negative, from
keywords), or a fine-tuned classifier's own targets and labels.
"""

from __future__ import annotations

import re
from typing import Any

from ._embeddings import usage
from ._ids import stable_hash
from ._models import require_model
from ._text import content_text, count_tokens
from ._types import Call, JsonReply, Reply

KEYWORDS: dict[str, tuple[str, ...]] = {
    "sexual": ("sex", "sexual", "porn", "nude", "explicit"),
    "hate_and_discrimination": ("hate", "racist", "bigot", "slur", "inferior"),
    "violence_and_threats": ("kill", "murder", "attack", "shoot", "stab", "threat", "bomb"),
    "dangerous_and_criminal_content": ("weapon", "drugs", "steal", "hack", "explosive"),
    "selfharm": ("suicide", "selfharm", "self-harm", "hurt myself"),
    "health": ("doctor", "medicine", "symptom", "disease", "diagnosis"),
    "financial": ("invest", "stock", "loan", "crypto", "mortgage"),
    "law": ("lawyer", "lawsuit", "court", "sue", "legal"),
    "pii": ("ssn", "passport", "credit card", "phone number", "address"),
}
_SENTIMENT = {
    "positive": ("good", "great", "love", "excellent", "happy", "wonderful"),
    "negative": ("bad", "awful", "hate", "terrible", "sad", "horrible"),
}


def _has(text: str, words: tuple[str, ...] | list[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", lowered) for w in words)


def _score(text: str, category: str, flagged: bool) -> float:
    fraction = (stable_hash(category, text) % 10_000) / 10_000
    return 0.9 + 0.0999 * fraction if flagged else 1e-5 + 9.9e-4 * fraction


def moderate(text: str) -> dict[str, Any]:
    flags = {name: _has(text, words) for name, words in KEYWORDS.items()}
    return {
        "category_scores": {name: _score(text, name, flag) for name, flag in flags.items()},
        "categories": flags,
    }


def conversations(value: Any) -> list[str]:
    """The texts to judge: strings, or conversations (lists of messages, or {messages})."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [content_text_of(value.get("messages", value.get("input", [])))]
    if isinstance(value, list):
        if all(isinstance(v, dict) and "role" in v for v in value) and value:
            return [content_text_of(value)]
        return [t for v in value for t in conversations(v)]
    return []


def content_text_of(messages: Any) -> str:
    if isinstance(messages, str):
        return messages
    items = messages if isinstance(messages, list) else []
    return "\n".join(content_text(m.get("content")) for m in items if isinstance(m, dict))


def _moderations(call: Call) -> Reply:
    body = call.body
    model = body.get("model") or "mistral-moderation-latest"
    require_model(call.state, model)
    texts = conversations(body.get("input"))
    tokens = sum(count_tokens(t) for t in texts)
    result = {
        "id": call.state.ids.hex32("moderation"),
        "usage": usage(tokens),
        "model": model,
        "results": [moderate(t) for t in texts],
    }
    return JsonReply(result, tokens=tokens)


moderations_create = _moderations
chat_moderations_create = _moderations


def _labels(text: str, names: list[str], target: str) -> dict[str, float]:
    raw = {n: 1.0 + (stable_hash(target, n, text) % 1000) / 1000 for n in names}
    for name in names:
        if _has(text, [name]) or _has(text, list(_SENTIMENT.get(name, ()))):
            raw[name] += 8.0
    total = sum(raw.values())
    return {name: value / total for name, value in raw.items()}


def _classify(call: Call) -> Reply:
    body = call.body
    card = require_model(call.state, body.get("model"))
    targets: dict[str, list[str]] = {"sentiment": ["positive", "neutral", "negative"]}
    for target in card.get("classifier_targets") or []:
        if isinstance(target, dict) and target.get("labels"):
            targets = {t["name"]: list(t["labels"]) for t in card["classifier_targets"]}
            break
    texts = conversations(body.get("input", body.get("inputs")))
    results = [
        {name: {"scores": _labels(text, labels, name)} for name, labels in targets.items()}
        for text in texts
    ]
    tokens = sum(count_tokens(t) for t in texts)
    result = {
        "id": call.state.ids.hex32("classification"),
        "model": body.get("model"),
        "results": results,
    }
    return JsonReply(result, tokens=tokens)


classifications_create = _classify
chat_classifications_create = _classify
