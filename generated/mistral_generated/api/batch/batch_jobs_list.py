import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_job_list import BatchJobList
from ...models.batch_job_order import BatchJobOrder
from ...models.batch_job_status import BatchJobStatus
from ...models.error_object import ErrorObject
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    agent_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: list[BatchJobStatus] | Unset = UNSET,
    order_by: BatchJobOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["model"] = model

    params["agent_id"] = agent_id

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    params["created_by_me"] = created_by_me

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    json_order_by: str | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by.value

    params["order_by"] = json_order_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/batch/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | BatchJobList | ErrorObject | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = BatchJobList.from_dict(response.json())

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
) -> Response[Any | BatchJobList | ErrorObject | HTTPValidationError]:
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
    agent_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: list[BatchJobStatus] | Unset = UNSET,
    order_by: BatchJobOrder | Unset = UNSET,
) -> Response[Any | BatchJobList | ErrorObject | HTTPValidationError]:
    """List batch jobs

     Lists the batch jobs of the caller's organization, one page at a time. (The API also filters on
    `metadata`, sent as a deep object; that filter is not described here.)

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        agent_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (list[BatchJobStatus] | Unset):
        order_by (BatchJobOrder | Unset): Sort order of batch job listings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BatchJobList | ErrorObject | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        agent_id=agent_id,
        created_after=created_after,
        created_by_me=created_by_me,
        status=status,
        order_by=order_by,
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
    agent_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: list[BatchJobStatus] | Unset = UNSET,
    order_by: BatchJobOrder | Unset = UNSET,
) -> Any | BatchJobList | ErrorObject | HTTPValidationError | None:
    """List batch jobs

     Lists the batch jobs of the caller's organization, one page at a time. (The API also filters on
    `metadata`, sent as a deep object; that filter is not described here.)

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        agent_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (list[BatchJobStatus] | Unset):
        order_by (BatchJobOrder | Unset): Sort order of batch job listings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BatchJobList | ErrorObject | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        model=model,
        agent_id=agent_id,
        created_after=created_after,
        created_by_me=created_by_me,
        status=status,
        order_by=order_by,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    agent_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: list[BatchJobStatus] | Unset = UNSET,
    order_by: BatchJobOrder | Unset = UNSET,
) -> Response[Any | BatchJobList | ErrorObject | HTTPValidationError]:
    """List batch jobs

     Lists the batch jobs of the caller's organization, one page at a time. (The API also filters on
    `metadata`, sent as a deep object; that filter is not described here.)

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        agent_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (list[BatchJobStatus] | Unset):
        order_by (BatchJobOrder | Unset): Sort order of batch job listings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BatchJobList | ErrorObject | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        agent_id=agent_id,
        created_after=created_after,
        created_by_me=created_by_me,
        status=status,
        order_by=order_by,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    model: str | Unset = UNSET,
    agent_id: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_by_me: bool | Unset = UNSET,
    status: list[BatchJobStatus] | Unset = UNSET,
    order_by: BatchJobOrder | Unset = UNSET,
) -> Any | BatchJobList | ErrorObject | HTTPValidationError | None:
    """List batch jobs

     Lists the batch jobs of the caller's organization, one page at a time. (The API also filters on
    `metadata`, sent as a deep object; that filter is not described here.)

    Args:
        page (int | Unset):
        page_size (int | Unset):
        model (str | Unset):
        agent_id (str | Unset):
        created_after (datetime.datetime | Unset):
        created_by_me (bool | Unset):
        status (list[BatchJobStatus] | Unset):
        order_by (BatchJobOrder | Unset): Sort order of batch job listings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BatchJobList | ErrorObject | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            model=model,
            agent_id=agent_id,
            created_after=created_after,
            created_by_me=created_by_me,
            status=status,
            order_by=order_by,
        )
    ).parsed
