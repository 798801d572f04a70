from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.base_64_embedding_response import Base64EmbeddingResponse
from ...models.embedding_request import EmbeddingRequest
from ...models.embedding_response import EmbeddingResponse
from ...models.error_object import ErrorObject
from ...models.http_validation_error import HTTPValidationError
from ...types import Response


def _get_kwargs(
    *,
    body: EmbeddingRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/embeddings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> Base64EmbeddingResponse | EmbeddingResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = EmbeddingResponse.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = Base64EmbeddingResponse.from_dict(data)

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
) -> Response[
    Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmbeddingRequest,
) -> Response[
    Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError
]:
    """Create embeddings

     Returns one embedding vector per input text.

    Args:
        body (EmbeddingRequest): Body of POST /v1/embeddings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EmbeddingRequest,
) -> Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError | None:
    """Create embeddings

     Returns one embedding vector per input text.

    Args:
        body (EmbeddingRequest): Body of POST /v1/embeddings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmbeddingRequest,
) -> Response[
    Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError
]:
    """Create embeddings

     Returns one embedding vector per input text.

    Args:
        body (EmbeddingRequest): Body of POST /v1/embeddings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EmbeddingRequest,
) -> Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError | None:
    """Create embeddings

     Returns one embedding vector per input text.

    Args:
        body (EmbeddingRequest): Body of POST /v1/embeddings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Base64EmbeddingResponse | EmbeddingResponse | ErrorObject | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
