from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.fine_tuning_dry_run import FineTuningDryRun
from ...models.fine_tuning_job import FineTuningJob
from ...models.fine_tuning_job_request import FineTuningJobRequest
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: FineTuningJobRequest,
    dry_run: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/fine_tuning/jobs",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> FineTuningDryRun | FineTuningJob:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = FineTuningJob.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = FineTuningDryRun.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FineTuningJobRequest,
    dry_run: bool | Unset = UNSET,
) -> Response[Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError]:
    """Create a fine-tuning job

     Queues a fine-tuning job. With `dry_run=true` nothing is started and the answer is a cost and
    duration estimate instead of a job.

    Args:
        dry_run (bool | Unset):
        body (FineTuningJobRequest): Body of POST /v1/fine_tuning/jobs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: FineTuningJobRequest,
    dry_run: bool | Unset = UNSET,
) -> Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError | None:
    """Create a fine-tuning job

     Queues a fine-tuning job. With `dry_run=true` nothing is started and the answer is a cost and
    duration estimate instead of a job.

    Args:
        dry_run (bool | Unset):
        body (FineTuningJobRequest): Body of POST /v1/fine_tuning/jobs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
        dry_run=dry_run,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FineTuningJobRequest,
    dry_run: bool | Unset = UNSET,
) -> Response[Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError]:
    """Create a fine-tuning job

     Queues a fine-tuning job. With `dry_run=true` nothing is started and the answer is a cost and
    duration estimate instead of a job.

    Args:
        dry_run (bool | Unset):
        body (FineTuningJobRequest): Body of POST /v1/fine_tuning/jobs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: FineTuningJobRequest,
    dry_run: bool | Unset = UNSET,
) -> Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError | None:
    """Create a fine-tuning job

     Queues a fine-tuning job. With `dry_run=true` nothing is started and the answer is a cost and
    duration estimate instead of a job.

    Args:
        dry_run (bool | Unset):
        body (FineTuningJobRequest): Body of POST /v1/fine_tuning/jobs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTuningDryRun | FineTuningJob | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            dry_run=dry_run,
        )
    ).parsed
