from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.file_purpose import FilePurpose
from ..models.file_source import FileSource
from ..models.file_visibility import FileVisibility
from ..models.sample_type import SampleType
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileObject")


@_attrs_define
class FileObject(ModelHelpers):
    """Metadata of a stored file (retrieve adds `deleted: false`)."""

    id: str
    object_: str
    bytes_: int
    """ Size in bytes. """
    created_at: int
    """ Unix time in seconds. """
    filename: str
    purpose: FilePurpose | str
    sample_type: None | SampleType | str
    source: FileSource | None | str
    num_lines: int | None | Unset = UNSET
    mimetype: None | str | Unset = UNSET
    signature: None | str | Unset = UNSET
    expires_at: int | None | Unset = UNSET
    visibility: FileVisibility | None | str | Unset = UNSET
    deleted: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        bytes_ = self.bytes_

        created_at = self.created_at

        filename = self.filename

        purpose: str
        if isinstance(self.purpose, FilePurpose):
            purpose = self.purpose.value
        else:
            purpose = self.purpose

        sample_type: None | str
        if isinstance(self.sample_type, SampleType):
            sample_type = self.sample_type.value
        else:
            sample_type = self.sample_type

        source: None | str
        if isinstance(self.source, FileSource):
            source = self.source.value
        else:
            source = self.source

        num_lines: int | None | Unset
        if isinstance(self.num_lines, Unset):
            num_lines = UNSET
        else:
            num_lines = self.num_lines

        mimetype: None | str | Unset
        if isinstance(self.mimetype, Unset):
            mimetype = UNSET
        else:
            mimetype = self.mimetype

        signature: None | str | Unset
        if isinstance(self.signature, Unset):
            signature = UNSET
        else:
            signature = self.signature

        expires_at: int | None | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = self.expires_at

        visibility: None | str | Unset
        if isinstance(self.visibility, Unset):
            visibility = UNSET
        elif isinstance(self.visibility, FileVisibility):
            visibility = self.visibility.value
        else:
            visibility = self.visibility

        deleted = self.deleted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "bytes": bytes_,
                "created_at": created_at,
                "filename": filename,
                "purpose": purpose,
                "sample_type": sample_type,
                "source": source,
            }
        )
        if num_lines is not UNSET:
            field_dict["num_lines"] = num_lines
        if mimetype is not UNSET:
            field_dict["mimetype"] = mimetype
        if signature is not UNSET:
            field_dict["signature"] = signature
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if visibility is not UNSET:
            field_dict["visibility"] = visibility
        if deleted is not UNSET:
            field_dict["deleted"] = deleted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        bytes_ = d.pop("bytes")

        created_at = d.pop("created_at")

        filename = d.pop("filename")

        def _parse_purpose(data: object) -> FilePurpose | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                purpose_type_0 = FilePurpose(data)

                return purpose_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FilePurpose | str, data)

        purpose = _parse_purpose(d.pop("purpose"))

        def _parse_sample_type(data: object) -> None | SampleType | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sample_type_type_0 = SampleType(data)

                return sample_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SampleType | str, data)

        sample_type = _parse_sample_type(d.pop("sample_type"))

        def _parse_source(data: object) -> FileSource | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = FileSource(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileSource | None | str, data)

        source = _parse_source(d.pop("source"))

        def _parse_num_lines(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        num_lines = _parse_num_lines(d.pop("num_lines", UNSET))

        def _parse_mimetype(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mimetype = _parse_mimetype(d.pop("mimetype", UNSET))

        def _parse_signature(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signature = _parse_signature(d.pop("signature", UNSET))

        def _parse_expires_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_visibility(data: object) -> FileVisibility | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visibility_type_0 = FileVisibility(data)

                return visibility_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileVisibility | None | str | Unset, data)

        visibility = _parse_visibility(d.pop("visibility", UNSET))

        deleted = d.pop("deleted", UNSET)

        file_object = cls(
            id=id,
            object_=object_,
            bytes_=bytes_,
            created_at=created_at,
            filename=filename,
            purpose=purpose,
            sample_type=sample_type,
            source=source,
            num_lines=num_lines,
            mimetype=mimetype,
            signature=signature,
            expires_at=expires_at,
            visibility=visibility,
            deleted=deleted,
        )

        file_object.additional_properties = d
        return file_object

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
