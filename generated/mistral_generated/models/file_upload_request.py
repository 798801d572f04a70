from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from .. import types
from ..models.file_purpose import FilePurpose
from ..models.file_visibility import FileVisibility
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="FileUploadRequest")


@_attrs_define
class FileUploadRequest(ModelHelpers):
    """Multipart form of POST /v1/files."""

    file: File
    """ The file content; the part's filename becomes the file name. """
    purpose: FilePurpose | Unset = UNSET
    """ What a file is for. """
    expiry: int | None | Unset = UNSET
    """ Hours after which the file is deleted. """
    visibility: FileVisibility | Unset = UNSET
    """ Who can see a file. """

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        purpose: str | Unset = UNSET
        if not isinstance(self.purpose, Unset):
            purpose = self.purpose.value

        expiry: int | None | Unset
        if isinstance(self.expiry, Unset):
            expiry = UNSET
        else:
            expiry = self.expiry

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file": file,
            }
        )
        if purpose is not UNSET:
            field_dict["purpose"] = purpose
        if expiry is not UNSET:
            field_dict["expiry"] = expiry
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.purpose, Unset):
            files.append(("purpose", (None, str(self.purpose.value).encode(), "text/plain")))

        if not isinstance(self.expiry, Unset):
            if isinstance(self.expiry, int):
                files.append(("expiry", (None, str(self.expiry).encode(), "text/plain")))
            else:
                files.append(("expiry", (None, str(self.expiry).encode(), "text/plain")))

        if not isinstance(self.visibility, Unset):
            files.append(("visibility", (None, str(self.visibility.value).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        _purpose = d.pop("purpose", UNSET)
        purpose: FilePurpose | Unset
        if isinstance(_purpose, Unset):
            purpose = UNSET
        else:
            purpose = FilePurpose(_purpose)

        def _parse_expiry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expiry = _parse_expiry(d.pop("expiry", UNSET))

        _visibility = d.pop("visibility", UNSET)
        visibility: FileVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = FileVisibility(_visibility)

        file_upload_request = cls(
            file=file,
            purpose=purpose,
            expiry=expiry,
            visibility=visibility,
        )

        return file_upload_request
