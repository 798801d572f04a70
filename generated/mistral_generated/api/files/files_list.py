from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_object import ErrorObject
from ...models.file_list import FileList
from ...models.file_purpose import FilePurpose
from ...models.file_source import FileSource
from ...models.http_validation_error import HTTPValidationError
from ...models.sample_type import SampleType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    include_total: bool | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    sample_type: list[SampleType] | Unset = UNSET,
    source: list[FileSource] | Unset = UNSET,
    search: str | Unset = UNSET,
    mimetypes: list[str] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["include_total"] = include_total

    json_purpose: str | Unset = UNSET
    if not isinstance(purpose, Unset):
        json_purpose = purpose.value

    params["purpose"] = json_purpose

    json_sample_type: list[str] | Unset = UNSET
    if not isinstance(sample_type, Unset):
        json_sample_type = []
        for sample_type_item_data in sample_type:
            sample_type_item = sample_type_item_data.value
            json_sample_type.append(sample_type_item)

    params["sample_type"] = json_sample_type

    json_source: list[str] | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = []
        for source_item_data in source:
            source_item = source_item_data.value
            json_source.append(source_item)

    params["source"] = json_source

    params["search"] = search

    json_mimetypes: list[str] | Unset = UNSET
    if not isinstance(mimetypes, Unset):
        json_mimetypes = mimetypes

    params["mimetypes"] = json_mimetypes

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/files",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorObject | FileList | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = FileList.from_dict(response.json())

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
) -> Response[Any | ErrorObject | FileList | HTTPValidationError]:
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
    include_total: bool | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    sample_type: list[SampleType] | Unset = UNSET,
    source: list[FileSource] | Unset = UNSET,
    search: str | Unset = UNSET,
    mimetypes: list[str] | Unset = UNSET,
) -> Response[Any | ErrorObject | FileList | HTTPValidationError]:
    """List files

     Lists the files of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        include_total (bool | Unset):
        purpose (FilePurpose | Unset): What a file is for.
        sample_type (list[SampleType] | Unset):
        source (list[FileSource] | Unset):
        search (str | Unset):
        mimetypes (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FileList | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        include_total=include_total,
        purpose=purpose,
        sample_type=sample_type,
        source=source,
        search=search,
        mimetypes=mimetypes,
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
    include_total: bool | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    sample_type: list[SampleType] | Unset = UNSET,
    source: list[FileSource] | Unset = UNSET,
    search: str | Unset = UNSET,
    mimetypes: list[str] | Unset = UNSET,
) -> Any | ErrorObject | FileList | HTTPValidationError | None:
    """List files

     Lists the files of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        include_total (bool | Unset):
        purpose (FilePurpose | Unset): What a file is for.
        sample_type (list[SampleType] | Unset):
        source (list[FileSource] | Unset):
        search (str | Unset):
        mimetypes (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FileList | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        include_total=include_total,
        purpose=purpose,
        sample_type=sample_type,
        source=source,
        search=search,
        mimetypes=mimetypes,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    include_total: bool | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    sample_type: list[SampleType] | Unset = UNSET,
    source: list[FileSource] | Unset = UNSET,
    search: str | Unset = UNSET,
    mimetypes: list[str] | Unset = UNSET,
) -> Response[Any | ErrorObject | FileList | HTTPValidationError]:
    """List files

     Lists the files of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        include_total (bool | Unset):
        purpose (FilePurpose | Unset): What a file is for.
        sample_type (list[SampleType] | Unset):
        source (list[FileSource] | Unset):
        search (str | Unset):
        mimetypes (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorObject | FileList | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        include_total=include_total,
        purpose=purpose,
        sample_type=sample_type,
        source=source,
        search=search,
        mimetypes=mimetypes,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    include_total: bool | Unset = UNSET,
    purpose: FilePurpose | Unset = UNSET,
    sample_type: list[SampleType] | Unset = UNSET,
    source: list[FileSource] | Unset = UNSET,
    search: str | Unset = UNSET,
    mimetypes: list[str] | Unset = UNSET,
) -> Any | ErrorObject | FileList | HTTPValidationError | None:
    """List files

     Lists the files of the caller's organization, one page at a time.

    Args:
        page (int | Unset):
        page_size (int | Unset):
        include_total (bool | Unset):
        purpose (FilePurpose | Unset): What a file is for.
        sample_type (list[SampleType] | Unset):
        source (list[FileSource] | Unset):
        search (str | Unset):
        mimetypes (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorObject | FileList | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            include_total=include_total,
            purpose=purpose,
            sample_type=sample_type,
            source=source,
            search=search,
            mimetypes=mimetypes,
        )
    ).parsed
