"""`client.classifiers`: moderation and classification of text and conversations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Required, TypeVar, Unpack

from mistral_generated.api.classifiers import (
    chat_classifications_create,
    chat_moderations_create,
    classifications_create,
    moderations_create,
)
from mistral_generated.models import ClassificationResponse, ModerationResponse

from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from ._base import AsyncResource, SyncResource, api_fields, plain_body, prepare, sdk_spelling


class TextInputParams(CallOptions, total=False):
    """Keyword arguments of `moderate` and `classify` (`inputs=`: see EmbeddingsCreateParams)."""

    model: Required[str]
    input: Required[str | Sequence[str]]
    metadata: Mapping[str, Any] | None


class ChatInputParams(CallOptions, total=False):
    """Keyword arguments of `moderate_chat` and `classify_chat`."""

    model: Required[str]
    input: Required[Sequence[Any] | Mapping[str, Any]]


T = TypeVar("T")

_TEXT_FIELDS = api_fields(TextInputParams)
_CHAT_FIELDS = api_fields(ChatInputParams)


def _conversations(value: Any, field: str) -> None:
    """One conversation (a list of messages) or several (a list of lists)."""
    if (
        isinstance(value, list | tuple)
        and value
        and all(isinstance(v, list | tuple) for v in value)
    ):
        for index, conversation in enumerate(value):
            check.messages(conversation, f"{field}[{index}]")
    else:
        check.messages(value, field)


def _instructs(value: Any, field: str) -> None:
    """`{"messages": [...]}` or a list of them."""
    items = value if isinstance(value, list | tuple) else [value]
    if not items:
        raise check.fail(field, "must not be empty")
    for index, item in enumerate(items):
        where = f"{field}[{index}]" if isinstance(value, list | tuple) else field
        instruct = check.mapping(item, where)
        check.messages(instruct.get("messages"), f"{where}.messages")


def _classifier_call(
    operation: str,
    endpoint: Any,
    from_dict: Callable[[Any], T],
    allowed: tuple[str, ...],
    check_input: Callable[[Any, str], None],
    params: Mapping[str, Any],
) -> Call[T]:
    """The four classifier operations differ only in endpoint, input rule and result model."""
    params = sdk_spelling(params, "inputs", "input", operation)
    fields, options = prepare(params, allowed, operation)
    check.non_empty_string(fields.get("model"), "model")
    check_input(fields.get("input"), "input")
    return Call(
        operation=operation,
        request=endpoint._get_kwargs(body=plain_body(fields)),
        parse=model_parser(from_dict),
        retry_safe=True,
        options=options,
        model=fields["model"],
    )


def moderate_call(params: Mapping[str, Any]) -> Call[ModerationResponse]:
    return _classifier_call(
        "classifiers.moderate",
        moderations_create,
        ModerationResponse.from_dict,
        _TEXT_FIELDS,
        check.text_input,
        params,
    )


def moderate_chat_call(params: Mapping[str, Any]) -> Call[ModerationResponse]:
    return _classifier_call(
        "classifiers.moderate_chat",
        chat_moderations_create,
        ModerationResponse.from_dict,
        _CHAT_FIELDS,
        _conversations,
        params,
    )


def classify_call(params: Mapping[str, Any]) -> Call[ClassificationResponse]:
    return _classifier_call(
        "classifiers.classify",
        classifications_create,
        ClassificationResponse.from_dict,
        _TEXT_FIELDS,
        check.text_input,
        params,
    )


def classify_chat_call(params: Mapping[str, Any]) -> Call[ClassificationResponse]:
    return _classifier_call(
        "classifiers.classify_chat",
        chat_classifications_create,
        ClassificationResponse.from_dict,
        _CHAT_FIELDS,
        _instructs,
        params,
    )


class Classifiers(SyncResource):
    """Moderation and classification.

    Usage: `client.classifiers.moderate(model="mistral-moderation-latest", input="...")`
    """

    def moderate(self, **params: Unpack[TextInputParams]) -> ModerationResponse:
        """Moderation categories and scores for each input text."""
        return self._run(moderate_call(params))

    def moderate_chat(self, **params: Unpack[ChatInputParams]) -> ModerationResponse:
        """Moderate a conversation (`input` = messages, or a list of conversations)."""
        return self._run(moderate_chat_call(params))

    def classify(self, **params: Unpack[TextInputParams]) -> ClassificationResponse:
        """Scores of a classifier model (a fine-tuned classifier) for each input text."""
        return self._run(classify_call(params))

    def classify_chat(self, **params: Unpack[ChatInputParams]) -> ClassificationResponse:
        """Classify conversations (`input` = {"messages": [...]} or a list of them)."""
        return self._run(classify_chat_call(params))


class AsyncClassifiers(AsyncResource):
    """Async moderation and classification (see `Classifiers`)."""

    async def moderate(self, **params: Unpack[TextInputParams]) -> ModerationResponse:
        """Moderation categories and scores for each input text."""
        return await self._run(moderate_call(params))

    async def moderate_chat(self, **params: Unpack[ChatInputParams]) -> ModerationResponse:
        """Moderate a conversation."""
        return await self._run(moderate_chat_call(params))

    async def classify(self, **params: Unpack[TextInputParams]) -> ClassificationResponse:
        """Scores of a classifier model for each input text."""
        return await self._run(classify_call(params))

    async def classify_chat(self, **params: Unpack[ChatInputParams]) -> ClassificationResponse:
        """Classify conversations."""
        return await self._run(classify_chat_call(params))
