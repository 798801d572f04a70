from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.classifier_target_info import ClassifierTargetInfo
    from ..models.model_capabilities import ModelCapabilities


T = TypeVar("T", bound="FineTunedModel")


@_attrs_define
class FineTunedModel(ModelHelpers):
    """A fine-tuned model as returned by the fine-tuning model routes."""

    id: str
    object_: str | Unset = UNSET
    created: int | Unset = UNSET
    owned_by: str | Unset = UNSET
    workspace_id: str | Unset = UNSET
    root: str | Unset = UNSET
    root_version: str | Unset = UNSET
    archived: bool | Unset = UNSET
    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    capabilities: ModelCapabilities | Unset = UNSET
    """ What a model can do. Flags the API adds later are kept. """
    max_context_length: int | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    job: str | Unset = UNSET
    classifier_targets: list[ClassifierTargetInfo] | Unset = UNSET
    model_type: JobType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        workspace_id = self.workspace_id

        root = self.root

        root_version = self.root_version

        archived = self.archived

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

        capabilities: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities.to_dict()

        max_context_length = self.max_context_length

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        job = self.job

        classifier_targets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.classifier_targets, Unset):
            classifier_targets = []
            for classifier_targets_item_data in self.classifier_targets:
                classifier_targets_item = classifier_targets_item_data.to_dict()
                classifier_targets.append(classifier_targets_item)

        model_type: str | Unset
        if isinstance(self.model_type, Unset):
            model_type = UNSET
        elif isinstance(self.model_type, JobType):
            model_type = self.model_type.value
        else:
            model_type = self.model_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_
        if created is not UNSET:
            field_dict["created"] = created
        if owned_by is not UNSET:
            field_dict["owned_by"] = owned_by
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if root is not UNSET:
            field_dict["root"] = root
        if root_version is not UNSET:
            field_dict["root_version"] = root_version
        if archived is not UNSET:
            field_dict["archived"] = archived
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if max_context_length is not UNSET:
            field_dict["max_context_length"] = max_context_length
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if job is not UNSET:
            field_dict["job"] = job
        if classifier_targets is not UNSET:
            field_dict["classifier_targets"] = classifier_targets
        if model_type is not UNSET:
            field_dict["model_type"] = model_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.classifier_target_info import ClassifierTargetInfo  # noqa: PLC0415
        from ..models.model_capabilities import ModelCapabilities  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object", UNSET)

        created = d.pop("created", UNSET)

        owned_by = d.pop("owned_by", UNSET)

        workspace_id = d.pop("workspace_id", UNSET)

        root = d.pop("root", UNSET)

        root_version = d.pop("root_version", UNSET)

        archived = d.pop("archived", UNSET)

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

        _capabilities = d.pop("capabilities", UNSET)
        capabilities: ModelCapabilities | Unset
        if isinstance(_capabilities, Unset):
            capabilities = UNSET
        else:
            capabilities = ModelCapabilities.from_dict(_capabilities)

        max_context_length = d.pop("max_context_length", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        job = d.pop("job", UNSET)

        _classifier_targets = d.pop("classifier_targets", UNSET)
        classifier_targets: list[ClassifierTargetInfo] | Unset = UNSET
        if _classifier_targets is not UNSET:
            classifier_targets = []
            for classifier_targets_item_data in _classifier_targets:
                classifier_targets_item = ClassifierTargetInfo.from_dict(
                    classifier_targets_item_data
                )

                classifier_targets.append(classifier_targets_item)

        def _parse_model_type(data: object) -> JobType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_type_0 = JobType(data)

                return model_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobType | str | Unset, data)

        model_type = _parse_model_type(d.pop("model_type", UNSET))

        fine_tuned_model = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
            workspace_id=workspace_id,
            root=root,
            root_version=root_version,
            archived=archived,
            name=name,
            description=description,
            capabilities=capabilities,
            max_context_length=max_context_length,
            aliases=aliases,
            job=job,
            classifier_targets=classifier_targets,
            model_type=model_type,
        )

        fine_tuned_model.additional_properties = d
        return fine_tuned_model

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
