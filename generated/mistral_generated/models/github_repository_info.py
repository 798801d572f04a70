from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GithubRepositoryInfo")


@_attrs_define
class GithubRepositoryInfo(ModelHelpers):
    """A repository a job trains on (without the token)."""

    type_: str | Unset = UNSET
    name: str | Unset = UNSET
    owner: str | Unset = UNSET
    ref: None | str | Unset = UNSET
    weight: float | Unset = UNSET
    commit_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        name = self.name

        owner = self.owner

        ref: None | str | Unset
        if isinstance(self.ref, Unset):
            ref = UNSET
        else:
            ref = self.ref

        weight = self.weight

        commit_id = self.commit_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if name is not UNSET:
            field_dict["name"] = name
        if owner is not UNSET:
            field_dict["owner"] = owner
        if ref is not UNSET:
            field_dict["ref"] = ref
        if weight is not UNSET:
            field_dict["weight"] = weight
        if commit_id is not UNSET:
            field_dict["commit_id"] = commit_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        name = d.pop("name", UNSET)

        owner = d.pop("owner", UNSET)

        def _parse_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref = _parse_ref(d.pop("ref", UNSET))

        weight = d.pop("weight", UNSET)

        commit_id = d.pop("commit_id", UNSET)

        github_repository_info = cls(
            type_=type_,
            name=name,
            owner=owner,
            ref=ref,
            weight=weight,
            commit_id=commit_id,
        )

        github_repository_info.additional_properties = d
        return github_repository_info

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
