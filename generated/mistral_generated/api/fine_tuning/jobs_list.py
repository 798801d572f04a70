import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.fine_tuning_job_list import FineTuningJobList
from ...models.http_validation_error import HTTPValidationError
from ...models.job_status import JobStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    wandb_project: str | Unset = UNSET,
    wandb_name: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["model"] = model

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["created_by_me"] = created_by_me

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["wandb_project"] = wandb_project

    params["wandb_name"] = wandb_name

    params["suffix"] = suffix

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/fine_tuning/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | FineTuningJobList | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = FineTuningJobList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorObject.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorObject.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorObject.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorObject.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorObject.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = cast(Any, None)
        return response_500

    if response.status_code == 502:
        response_502 = cast(Any, None)
        return response_502

    if response.status_code == 503:
        response_503 = cast(Any, None)
        return response_503

    if response.status_code == 504:
        response_504 = cast(Any, None)
        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorObject | FineTuningJobList | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    wandb_project: str | Unset = UNSET,
    wandb_name: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Response[Any | ErrorObject | FineTuningJobList | HTTPValidationError]:
    """List fine-tuning jobs

     Lists the fine-tuning jobs of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (JobStatus | Unset): State of a fine-tuning job.
        wandb_project (str | Unset):
        wandb_name (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTuningJobList | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    wandb_project: str | Unset = UNSET,
    wandb_name: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Any | ErrorObject | FineTuningJobList | HTTPValidationError | None:
    """List fine-tuning jobs

     Lists the fine-tuning jobs of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (JobStatus | Unset): State of a fine-tuning job.
        wandb_project (str | Unset):
        wandb_name (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTuningJobList | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    wandb_project: str | Unset = UNSET,
    wandb_name: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Response[Any | ErrorObject | FineTuningJobList | HTTPValidationError]:
    """List fine-tuning jobs

     Lists the fine-tuning jobs of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (JobStatus | Unset): State of a fine-tuning job.
        wandb_project (str | Unset):
        wandb_name (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTuningJobList | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    wandb_project: str | Unset = UNSET,
    wandb_name: str | Unset = UNSET,
    suffix: str | Unset = UNSET,
) -> Any | ErrorObject | FineTuningJobList | HTTPValidationError | None:
    """List fine-tuning jobs

     Lists the fine-tuning jobs of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (JobStatus | Unset): State of a fine-tuning job.
        wandb_project (str | Unset):
        wandb_name (str | Unset):
        suffix (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTuningJobList | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            model=model,
            created_after=created_after,
            created_before=created_before,
            created_by_me=created_by_me,
            status=status,
            wandb_project=wandb_project,
            wandb_name=wandb_name,
            suffix=suffix,
        )
    ).parsed
