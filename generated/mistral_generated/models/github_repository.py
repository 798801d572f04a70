from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GithubRepository")


@_attrs_define
class GithubRepository(ModelHelpers):
    """A GitHub repository to train on."""

    name: str
    owner: str
    token: str
    type_: Literal["github"] = "github"
    ref: None | str | Unset = UNSET
    weight: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        name = self.name

        owner = self.owner

        token = self.token

        ref: None | str | Unset
        if isinstance(self.ref, Unset):
            ref = UNSET
        else:
            ref = self.ref

        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "owner": owner,
                "token": token,
            }
        )
        if ref is not UNSET:
            field_dict["ref"] = ref
        if weight is not UNSET:
            field_dict["weight"] = weight

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["github"], d.pop("type"))
        if type_ != "github":
            raise ValueError(f"type must match const 'github', got '{type_}'")

        name = d.pop("name")

        owner = d.pop("owner")

        token = d.pop("token")

        def _parse_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref = _parse_ref(d.pop("ref", UNSET))

        weight = d.pop("weight", UNSET)

        github_repository = cls(
            type_=type_,
            name=name,
            owner=owner,
            token=token,
            ref=ref,
            weight=weight,
        )

        github_repository.additional_properties = d
        return github_repository

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
