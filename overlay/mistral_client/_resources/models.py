"""`client.models`: list and inspect models; rename, archive and delete fine-tuned ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from mistral_generated.api.models import (
    models_archive,
    models_delete,
    models_list,
    models_retrieve,
    models_unarchive,
    models_update,
)
from mistral_generated.models import (
    ArchiveModelResponse,
    DeleteModelResponse,
    FineTunedModel,
    ModelCard,
    ModelList,
)

from .. import _validation as check
from .._calls import Call, CallOptions, model_parser
from ._base import AsyncResource, SyncResource, api_fields, only_options, plain_body, prepare


class ModelUpdateParams(CallOptions, total=False):
    """Keyword arguments of `client.models.update` (besides `model_id`)."""

    name: str | None
    description: str | None


_UPDATE_FIELDS = api_fields(ModelUpdateParams)


def list_call(options: CallOptions) -> Call[ModelList]:
    return Call(
        operation="models.list",
        request=models_list._get_kwargs(),
        parse=model_parser(ModelList.from_dict),
        retry_safe=True,
        options=options,
    )


def retrieve_call(model_id: str, options: CallOptions) -> Call[ModelCard]:
    return Call(
        operation="models.retrieve",
        request=models_retrieve._get_kwargs(model_id=check.path_id(model_id, "model_id")),
        parse=model_parser(ModelCard.from_dict),
        retry_safe=True,
        options=options,
    )


def delete_call(model_id: str, options: CallOptions) -> Call[DeleteModelResponse]:
    return Call(
        operation="models.delete",
        request=models_delete._get_kwargs(model_id=check.path_id(model_id, "model_id")),
        parse=model_parser(DeleteModelResponse.from_dict),
        retry_safe=True,
        options=options,
    )


def update_call(model_id: str, params: Mapping[str, Any]) -> Call[FineTunedModel]:
    model_id = check.path_id(model_id, "model_id")
    fields, options = prepare(params, _UPDATE_FIELDS, "models.update")
    for name in ("name", "description"):
        if name in fields and not isinstance(fields[name], str):
            raise check.fail(name, "must be a string")
    return Call(
        operation="models.update",
        request=models_update._get_kwargs(model_id=model_id, body=plain_body(fields)),
        parse=model_parser(FineTunedModel.from_dict),
        retry_safe=True,
        options=options,
    )


def archive_call(
    model_id: str, options: CallOptions, *, archive: bool
) -> Call[ArchiveModelResponse]:
    model_id = check.path_id(model_id, "model_id")
    operation = models_archive if archive else models_unarchive
    return Call(
        operation="models.archive" if archive else "models.unarchive",
        request=operation._get_kwargs(model_id=model_id),
        parse=model_parser(ArchiveModelResponse.from_dict),
        retry_safe=True,
        options=options,
    )


class Models(SyncResource):
    """Models. Usage: `client.models.list().data[0].id`"""

    def list(self, **options: Unpack[CallOptions]) -> ModelList:
        """Every model this key can use, base and fine-tuned."""
        return self._run(list_call(only_options(options, "models.list")))

    def retrieve(self, model_id: str, **options: Unpack[CallOptions]) -> ModelCard:
        """One model's card. Usage: `client.models.retrieve("mistral-small-latest")`"""
        return self._run(retrieve_call(model_id, only_options(options, "models.retrieve")))

    def delete(self, model_id: str, **options: Unpack[CallOptions]) -> DeleteModelResponse:
        """Delete a fine-tuned model."""
        return self._run(delete_call(model_id, only_options(options, "models.delete")))

    def update(self, model_id: str, **params: Unpack[ModelUpdateParams]) -> FineTunedModel:
        """Rename or re-describe a fine-tuned model. Usage: `update(id, name="v2")`"""
        return self._run(update_call(model_id, params))

    def archive(self, model_id: str, **options: Unpack[CallOptions]) -> ArchiveModelResponse:
        """Archive a fine-tuned model."""
        return self._run(
            archive_call(model_id, only_options(options, "models.archive"), archive=True)
        )

    def unarchive(self, model_id: str, **options: Unpack[CallOptions]) -> ArchiveModelResponse:
        """Bring an archived fine-tuned model back."""
        return self._run(
            archive_call(model_id, only_options(options, "models.unarchive"), archive=False)
        )


class AsyncModels(AsyncResource):
    """Async models (see `Models`)."""

    async def list(self, **options: Unpack[CallOptions]) -> ModelList:
        """Every model this key can use."""
        return await self._run(list_call(only_options(options, "models.list")))

    async def retrieve(self, model_id: str, **options: Unpack[CallOptions]) -> ModelCard:
        """One model's card."""
        return await self._run(retrieve_call(model_id, only_options(options, "models.retrieve")))

    async def delete(self, model_id: str, **options: Unpack[CallOptions]) -> DeleteModelResponse:
        """Delete a fine-tuned model."""
        return await self._run(delete_call(model_id, only_options(options, "models.delete")))

    async def update(self, model_id: str, **params: Unpack[ModelUpdateParams]) -> FineTunedModel:
        """Rename or re-describe a fine-tuned model."""
        return await self._run(update_call(model_id, params))

    async def archive(self, model_id: str, **options: Unpack[CallOptions]) -> ArchiveModelResponse:
        """Archive a fine-tuned model."""
        return await self._run(
            archive_call(model_id, only_options(options, "models.archive"), archive=True)
        )

    async def unarchive(
        self, model_id: str, **options: Unpack[CallOptions]
    ) -> ArchiveModelResponse:
        """Bring an archived fine-tuned model back."""
        return await self._run(
            archive_call(model_id, only_options(options, "models.unarchive"), archive=False)
        )
