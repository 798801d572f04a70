from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.model_type import ModelType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_capabilities import ModelCapabilities


T = TypeVar("T", bound="ModelCard")


@_attrs_define
class ModelCard(ModelHelpers):
    """A base or fine-tuned model (fine-tuned ones add `job`, `root` and `archived`)."""

    id: str
    object_: str
    created: int
    owned_by: str
    capabilities: ModelCapabilities
    """ What a model can do. Flags the API adds later are kept. """
    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    max_context_length: int | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    deprecation: None | str | Unset = UNSET
    """ ISO 8601 date after which the model is retired, or null. """
    deprecation_replacement_model: None | str | Unset = UNSET
    default_model_temperature: float | None | Unset = UNSET
    type_: ModelType | str | Unset = UNSET
    job: str | Unset = UNSET
    """ Fine-tuned models only; the job that made the model. """
    root: str | Unset = UNSET
    """ Fine-tuned models only; the base model. """
    archived: bool | Unset = UNSET
    """ Fine-tuned models only. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        capabilities = self.capabilities.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        max_context_length = self.max_context_length

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        deprecation: None | str | Unset
        if isinstance(self.deprecation, Unset):
            deprecation = UNSET
        else:
            deprecation = self.deprecation

        deprecation_replacement_model: None | str | Unset
        if isinstance(self.deprecation_replacement_model, Unset):
            deprecation_replacement_model = UNSET
        else:
            deprecation_replacement_model = self.deprecation_replacement_model

        default_model_temperature: float | None | Unset
        if isinstance(self.default_model_temperature, Unset):
            default_model_temperature = UNSET
        else:
            default_model_temperature = self.default_model_temperature

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ModelType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        job = self.job

        root = self.root

        archived = self.archived

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "owned_by": owned_by,
                "capabilities": capabilities,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if max_context_length is not UNSET:
            field_dict["max_context_length"] = max_context_length
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if deprecation is not UNSET:
            field_dict["deprecation"] = deprecation
        if deprecation_replacement_model is not UNSET:
            field_dict["deprecation_replacement_model"] = deprecation_replacement_model
        if default_model_temperature is not UNSET:
            field_dict["default_model_temperature"] = default_model_temperature
        if type_ is not UNSET:
            field_dict["type"] = type_
        if job is not UNSET:
            field_dict["job"] = job
        if root is not UNSET:
            field_dict["root"] = root
        if archived is not UNSET:
            field_dict["archived"] = archived

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_capabilities import ModelCapabilities  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        created = d.pop("created")

        owned_by = d.pop("owned_by")

        capabilities = ModelCapabilities.from_dict(d.pop("capabilities"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        max_context_length = d.pop("max_context_length", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        def _parse_deprecation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deprecation = _parse_deprecation(d.pop("deprecation", UNSET))

        def _parse_deprecation_replacement_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deprecation_replacement_model = _parse_deprecation_replacement_model(
            d.pop("deprecation_replacement_model", UNSET)
        )

        def _parse_default_model_temperature(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        default_model_temperature = _parse_default_model_temperature(
            d.pop("default_model_temperature", UNSET)
        )

        def _parse_type_(data: object) -> ModelType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = ModelType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        job = d.pop("job", UNSET)

        root = d.pop("root", UNSET)

        archived = d.pop("archived", UNSET)

        model_card = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
            capabilities=capabilities,
            name=name,
            description=description,
            max_context_length=max_context_length,
            aliases=aliases,
            deprecation=deprecation,
            deprecation_replacement_model=deprecation_replacement_model,
            default_model_temperature=default_model_temperature,
            type_=type_,
            job=job,
            root=root,
            archived=archived,
        )

        model_card.additional_properties = d
        return model_card

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
