"""operationId -> handler: every operation the emulator answers."""

from __future__ import annotations

from . import _agents, _chat, _embeddings, _files, _jobs, _models, _moderation
from ._types import Handler

HANDLERS: dict[str, Handler] = {
    "chat_complete": _chat.chat_complete,
    "fim_complete": _chat.fim_complete,
    "embeddings_create": _embeddings.embeddings_create,
    "models_list": _models.models_list,
    "models_retrieve": _models.models_retrieve,
    "models_delete": _models.models_delete,
    "models_update": _models.models_update,
    "models_archive": _models.models_archive,
    "models_unarchive": _models.models_unarchive,
    "files_upload": _files.files_upload,
    "files_list": _files.files_list,
    "files_retrieve": _files.files_retrieve,
    "files_delete": _files.files_delete,
    "files_download": _files.files_download,
    "files_get_signed_url": _files.files_get_signed_url,
    "jobs_create": _jobs.jobs_create,
    "jobs_list": _jobs.jobs_list,
    "jobs_get": _jobs.jobs_get,
    "jobs_cancel": _jobs.jobs_cancel,
    "jobs_start": _jobs.jobs_start,
    "agents_create": _agents.agents_create,
    "agents_list": _agents.agents_list,
    "agents_get": _agents.agents_get,
    "agents_update": _agents.agents_update,
    "agents_delete": _agents.agents_delete,
    "agents_complete": _agents.agents_complete,
    "batch_jobs_create": _jobs.batch_jobs_create,
    "batch_jobs_list": _jobs.batch_jobs_list,
    "batch_jobs_get": _jobs.batch_jobs_get,
    "batch_jobs_cancel": _jobs.batch_jobs_cancel,
    "moderations_create": _moderation.moderations_create,
    "chat_moderations_create": _moderation.chat_moderations_create,
    "classifications_create": _moderation.classifications_create,
    "chat_classifications_create": _moderation.chat_classifications_create,
}
