from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.fine_tuned_model import FineTunedModel
from ...models.http_validation_error import HTTPValidationError
from ...models.update_model_request import UpdateModelRequest
from ...types import Response


def _get_kwargs(
    model_id: str,
    *,
    body: UpdateModelRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/fine_tuning/models/{model_id}".format(
            model_id=quote(str(model_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | FineTunedModel | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = FineTunedModel.from_dict(response.json())

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
) -> Response[Any | ErrorObject | FineTunedModel | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelRequest,
) -> Response[Any | ErrorObject | FineTunedModel | HTTPValidationError]:
    """Rename or describe a fine-tuned model

     Changes the name and/or description of a fine-tuned model.

    Args:
        model_id (str):
        body (UpdateModelRequest): Body of PATCH /v1/fine_tuning/models/{model_id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTunedModel | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelRequest,
) -> Any | ErrorObject | FineTunedModel | HTTPValidationError | None:
    """Rename or describe a fine-tuned model

     Changes the name and/or description of a fine-tuned model.

    Args:
        model_id (str):
        body (UpdateModelRequest): Body of PATCH /v1/fine_tuning/models/{model_id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTunedModel | HTTPValidationError
    """

    return sync_detailed(
        model_id=model_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelRequest,
) -> Response[Any | ErrorObject | FineTunedModel | HTTPValidationError]:
    """Rename or describe a fine-tuned model

     Changes the name and/or description of a fine-tuned model.

    Args:
        model_id (str):
        body (UpdateModelRequest): Body of PATCH /v1/fine_tuning/models/{model_id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FineTunedModel | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelRequest,
) -> Any | ErrorObject | FineTunedModel | HTTPValidationError | None:
    """Rename or describe a fine-tuned model

     Changes the name and/or description of a fine-tuned model.

    Args:
        model_id (str):
        body (UpdateModelRequest): Body of PATCH /v1/fine_tuning/models/{model_id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FineTunedModel | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            client=client,
            body=body,
        )
    ).parsed
