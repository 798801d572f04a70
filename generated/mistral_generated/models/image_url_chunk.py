from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.image_url import ImageUrl


T = TypeVar("T", bound="ImageUrlChunk")


@_attrs_define
class ImageUrlChunk(ModelHelpers):
    """An image, given as a URL string or an ImageUrl object."""

    image_url: ImageUrl | str
    type_: Literal["image_url"] = "image_url"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_url import ImageUrl  # noqa: PLC0415

        type_ = self.type_

        image_url: dict[str, Any] | str
        if isinstance(self.image_url, ImageUrl):
            image_url = self.image_url.to_dict()
        else:
            image_url = self.image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "image_url": image_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_url import ImageUrl  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["image_url"], d.pop("type"))
        if type_ != "image_url":
            raise ValueError(f"type must match const 'image_url', got '{type_}'")

        def _parse_image_url(data: object) -> ImageUrl | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                image_url_type_0 = ImageUrl.from_dict(data)

                return image_url_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageUrl | str, data)

        image_url = _parse_image_url(d.pop("image_url"))

        image_url_chunk = cls(
            type_=type_,
            image_url=image_url,
        )

        image_url_chunk.additional_properties = d
        return image_url_chunk

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
