from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.http_validation_error import HTTPValidationError


T = TypeVar("T", bound="ErrorObject")


@_attrs_define
class ErrorObject(ModelHelpers):
    """Error body. Every field is optional because the service, its gateway and the rate limiter each send a different
    subset.

    """

    object_: str | Unset = UNSET
    """ Usually `error`. """
    message: HTTPValidationError | str | Unset = UNSET
    """ Human-readable text, or (for wrapped 422s) an object holding `detail`. """
    type_: str | Unset = UNSET
    """ Error kind, e.g. `invalid_model` or `invalid_request_error`. """
    param: None | str | Unset = UNSET
    """ The offending parameter, when known. """
    code: None | str | Unset = UNSET
    """ Service error code as a string, e.g. "1500" (invalid model) or "1300" (rate limited). """
    request_id: str | Unset = UNSET
    """ Request id echoed by some gateways. """
    detail: Any | Unset = UNSET
    """ A string (e.g. "Unauthorized") or a list of validation errors. """
    raw_status_code: int | Unset = UNSET
    """ Upstream status code, when the gateway reports it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.http_validation_error import HTTPValidationError  # noqa: PLC0415

        object_ = self.object_

        message: dict[str, Any] | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        elif isinstance(self.message, HTTPValidationError):
            message = self.message.to_dict()
        else:
            message = self.message

        type_ = self.type_

        param: None | str | Unset
        if isinstance(self.param, Unset):
            param = UNSET
        else:
            param = self.param

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        request_id = self.request_id

        detail = self.detail

        raw_status_code = self.raw_status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if object_ is not UNSET:
            field_dict["object"] = object_
        if message is not UNSET:
            field_dict["message"] = message
        if type_ is not UNSET:
            field_dict["type"] = type_
        if param is not UNSET:
            field_dict["param"] = param
        if code is not UNSET:
            field_dict["code"] = code
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if raw_status_code is not UNSET:
            field_dict["raw_status_code"] = raw_status_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.http_validation_error import HTTPValidationError  # noqa: PLC0415

        d = dict(src_dict)
        object_ = d.pop("object", UNSET)

        def _parse_message(data: object) -> HTTPValidationError | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                message_type_1 = HTTPValidationError.from_dict(data)

                return message_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HTTPValidationError | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        type_ = d.pop("type", UNSET)

        def _parse_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        param = _parse_param(d.pop("param", UNSET))

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        request_id = d.pop("request_id", UNSET)

        detail = d.pop("detail", UNSET)

        raw_status_code = d.pop("raw_status_code", UNSET)

        error_object = cls(
            object_=object_,
            message=message,
            type_=type_,
            param=param,
            code=code,
            request_id=request_id,
            detail=detail,
            raw_status_code=raw_status_code,
        )

        error_object.additional_properties = d
        return error_object

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
