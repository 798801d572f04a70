from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..models.api_endpoint import ApiEndpoint
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_request import BatchRequest


T = TypeVar("T", bound="BatchJobRequest")


@_attrs_define
class BatchJobRequest(ModelHelpers):
    """Body of POST /v1/batch/jobs. Give `input_files` or `requests`, and `model` or `agent_id`."""

    endpoint: ApiEndpoint
    """ Endpoint a batch job sends its requests to. """
    input_files: list[str] | None | Unset = UNSET
    """ Ids of `.jsonl` files, one request per line as {"custom_id", "body"}. """
    requests: list[BatchRequest] | None | Unset = UNSET
    """ Inline requests (at most 10000). """
    model: None | str | Unset = UNSET
    agent_id: None | str | Unset = UNSET
    metadata: Any | None | Unset = UNSET
    """ String key/values attached to the job. """
    timeout_hours: int | Unset = UNSET
    """ Hours before the job is stopped (server default 24). """

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint.value

        input_files: list[str] | None | Unset
        if isinstance(self.input_files, Unset):
            input_files = UNSET
        elif isinstance(self.input_files, list):
            input_files = self.input_files

        else:
            input_files = self.input_files

        requests: list[dict[str, Any]] | None | Unset
        if isinstance(self.requests, Unset):
            requests = UNSET
        elif isinstance(self.requests, list):
            requests = []
            for requests_type_0_item_data in self.requests:
                requests_type_0_item = requests_type_0_item_data.to_dict()
                requests.append(requests_type_0_item)

        else:
            requests = self.requests

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        agent_id: None | str | Unset
        if isinstance(self.agent_id, Unset):
            agent_id = UNSET
        else:
            agent_id = self.agent_id

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        timeout_hours = self.timeout_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint": endpoint,
            }
        )
        if input_files is not UNSET:
            field_dict["input_files"] = input_files
        if requests is not UNSET:
            field_dict["requests"] = requests
        if model is not UNSET:
            field_dict["model"] = model
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if timeout_hours is not UNSET:
            field_dict["timeout_hours"] = timeout_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_request import BatchRequest  # noqa: PLC0415

        d = dict(src_dict)
        endpoint = ApiEndpoint(d.pop("endpoint"))

        def _parse_input_files(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                input_files_type_0 = cast(list[str], data)

                return input_files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        input_files = _parse_input_files(d.pop("input_files", UNSET))

        def _parse_requests(data: object) -> list[BatchRequest] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                requests_type_0 = []
                _requests_type_0 = data
                for requests_type_0_item_data in _requests_type_0:
                    requests_type_0_item = BatchRequest.from_dict(requests_type_0_item_data)

                    requests_type_0.append(requests_type_0_item)

                return requests_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BatchRequest] | None | Unset, data)

        requests = _parse_requests(d.pop("requests", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_agent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agent_id = _parse_agent_id(d.pop("agent_id", UNSET))

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        timeout_hours = d.pop("timeout_hours", UNSET)

        batch_job_request = cls(
            endpoint=endpoint,
            input_files=input_files,
            requests=requests,
            model=model,
            agent_id=agent_id,
            metadata=metadata,
            timeout_hours=timeout_hours,
        )

        return batch_job_request
