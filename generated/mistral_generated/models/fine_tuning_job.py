from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint import Checkpoint
    from ..models.classifier_target_info import ClassifierTargetInfo
    from ..models.github_repository_info import GithubRepositoryInfo
    from ..models.job_event import JobEvent
    from ..models.job_metadata import JobMetadata
    from ..models.training_parameters import TrainingParameters
    from ..models.wandb_integration_info import WandbIntegrationInfo


T = TypeVar("T", bound="FineTuningJob")


@_attrs_define
class FineTuningJob(ModelHelpers):
    """A fine-tuning job (completion or classifier). Retrieve adds events and checkpoints."""

    id: str
    object_: str
    model: str
    status: JobStatus | str
    auto_start: bool
    created_at: int
    modified_at: int
    training_files: list[str]
    job_type: JobType | str | Unset = UNSET
    validation_files: list[str] | None | Unset = UNSET
    fine_tuned_model: None | str | Unset = UNSET
    """ Name of the resulting model; null until it exists. """
    suffix: None | str | Unset = UNSET
    integrations: list[WandbIntegrationInfo] | None | Unset = UNSET
    trained_tokens: int | None | Unset = UNSET
    metadata: JobMetadata | None | Unset = UNSET
    hyperparameters: TrainingParameters | Unset = UNSET
    """ Fine-tuning hyperparameters; unset ones are chosen by the service. """
    repositories: list[GithubRepositoryInfo] | Unset = UNSET
    classifier_targets: list[ClassifierTargetInfo] | Unset = UNSET
    events: list[JobEvent] | Unset = UNSET
    checkpoints: list[Checkpoint] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415

        id = self.id

        object_ = self.object_

        model = self.model

        status: str
        if isinstance(self.status, JobStatus):
            status = self.status.value
        else:
            status = self.status

        auto_start = self.auto_start

        created_at = self.created_at

        modified_at = self.modified_at

        training_files = self.training_files

        job_type: str | Unset
        if isinstance(self.job_type, Unset):
            job_type = UNSET
        elif isinstance(self.job_type, JobType):
            job_type = self.job_type.value
        else:
            job_type = self.job_type

        validation_files: list[str] | None | Unset
        if isinstance(self.validation_files, Unset):
            validation_files = UNSET
        elif isinstance(self.validation_files, list):
            validation_files = self.validation_files

        else:
            validation_files = self.validation_files

        fine_tuned_model: None | str | Unset
        if isinstance(self.fine_tuned_model, Unset):
            fine_tuned_model = UNSET
        else:
            fine_tuned_model = self.fine_tuned_model

        suffix: None | str | Unset
        if isinstance(self.suffix, Unset):
            suffix = UNSET
        else:
            suffix = self.suffix

        integrations: list[dict[str, Any]] | None | Unset
        if isinstance(self.integrations, Unset):
            integrations = UNSET
        elif isinstance(self.integrations, list):
            integrations = []
            for integrations_type_0_item_data in self.integrations:
                integrations_type_0_item = integrations_type_0_item_data.to_dict()
                integrations.append(integrations_type_0_item)

        else:
            integrations = self.integrations

        trained_tokens: int | None | Unset
        if isinstance(self.trained_tokens, Unset):
            trained_tokens = UNSET
        else:
            trained_tokens = self.trained_tokens

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, JobMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        hyperparameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparameters, Unset):
            hyperparameters = self.hyperparameters.to_dict()

        repositories: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.repositories, Unset):
            repositories = []
            for repositories_item_data in self.repositories:
                repositories_item = repositories_item_data.to_dict()
                repositories.append(repositories_item)

        classifier_targets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.classifier_targets, Unset):
            classifier_targets = []
            for classifier_targets_item_data in self.classifier_targets:
                classifier_targets_item = classifier_targets_item_data.to_dict()
                classifier_targets.append(classifier_targets_item)

        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        checkpoints: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.checkpoints, Unset):
            checkpoints = []
            for checkpoints_item_data in self.checkpoints:
                checkpoints_item = checkpoints_item_data.to_dict()
                checkpoints.append(checkpoints_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "model": model,
                "status": status,
                "auto_start": auto_start,
                "created_at": created_at,
                "modified_at": modified_at,
                "training_files": training_files,
            }
        )
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if validation_files is not UNSET:
            field_dict["validation_files"] = validation_files
        if fine_tuned_model is not UNSET:
            field_dict["fine_tuned_model"] = fine_tuned_model
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if trained_tokens is not UNSET:
            field_dict["trained_tokens"] = trained_tokens
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if hyperparameters is not UNSET:
            field_dict["hyperparameters"] = hyperparameters
        if repositories is not UNSET:
            field_dict["repositories"] = repositories
        if classifier_targets is not UNSET:
            field_dict["classifier_targets"] = classifier_targets
        if events is not UNSET:
            field_dict["events"] = events
        if checkpoints is not UNSET:
            field_dict["checkpoints"] = checkpoints

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint import Checkpoint  # noqa: PLC0415
        from ..models.classifier_target_info import ClassifierTargetInfo  # noqa: PLC0415
        from ..models.github_repository_info import GithubRepositoryInfo  # noqa: PLC0415
        from ..models.job_event import JobEvent  # noqa: PLC0415
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415
        from ..models.training_parameters import TrainingParameters  # noqa: PLC0415
        from ..models.wandb_integration_info import WandbIntegrationInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object")

        model = d.pop("model")

        def _parse_status(data: object) -> JobStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = JobStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobStatus | str, data)

        status = _parse_status(d.pop("status"))

        auto_start = d.pop("auto_start")

        created_at = d.pop("created_at")

        modified_at = d.pop("modified_at")

        training_files = cast(list[str], d.pop("training_files"))

        def _parse_job_type(data: object) -> JobType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                job_type_type_0 = JobType(data)

                return job_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobType | str | Unset, data)

        job_type = _parse_job_type(d.pop("job_type", UNSET))

        def _parse_validation_files(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                validation_files_type_0 = cast(list[str], data)

                return validation_files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        validation_files = _parse_validation_files(d.pop("validation_files", UNSET))

        def _parse_fine_tuned_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fine_tuned_model = _parse_fine_tuned_model(d.pop("fine_tuned_model", UNSET))

        def _parse_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suffix = _parse_suffix(d.pop("suffix", UNSET))

        def _parse_integrations(data: object) -> list[WandbIntegrationInfo] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                integrations_type_0 = []
                _integrations_type_0 = data
                for integrations_type_0_item_data in _integrations_type_0:
                    integrations_type_0_item = WandbIntegrationInfo.from_dict(
                        integrations_type_0_item_data
                    )

                    integrations_type_0.append(integrations_type_0_item)

                return integrations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WandbIntegrationInfo] | None | Unset, data)

        integrations = _parse_integrations(d.pop("integrations", UNSET))

        def _parse_trained_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        trained_tokens = _parse_trained_tokens(d.pop("trained_tokens", UNSET))

        def _parse_metadata(data: object) -> JobMetadata | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = JobMetadata.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobMetadata | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        _hyperparameters = d.pop("hyperparameters", UNSET)
        hyperparameters: TrainingParameters | Unset
        if isinstance(_hyperparameters, Unset):
            hyperparameters = UNSET
        else:
            hyperparameters = TrainingParameters.from_dict(_hyperparameters)

        _repositories = d.pop("repositories", UNSET)
        repositories: list[GithubRepositoryInfo] | Unset = UNSET
        if _repositories is not UNSET:
            repositories = []
            for repositories_item_data in _repositories:
                repositories_item = GithubRepositoryInfo.from_dict(repositories_item_data)

                repositories.append(repositories_item)

        _classifier_targets = d.pop("classifier_targets", UNSET)
        classifier_targets: list[ClassifierTargetInfo] | Unset = UNSET
        if _classifier_targets is not UNSET:
            classifier_targets = []
            for classifier_targets_item_data in _classifier_targets:
                classifier_targets_item = ClassifierTargetInfo.from_dict(
                    classifier_targets_item_data
                )

                classifier_targets.append(classifier_targets_item)

        _events = d.pop("events", UNSET)
        events: list[JobEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = JobEvent.from_dict(events_item_data)

                events.append(events_item)

        _checkpoints = d.pop("checkpoints", UNSET)
        checkpoints: list[Checkpoint] | Unset = UNSET
        if _checkpoints is not UNSET:
            checkpoints = []
            for checkpoints_item_data in _checkpoints:
                checkpoints_item = Checkpoint.from_dict(checkpoints_item_data)

                checkpoints.append(checkpoints_item)

        fine_tuning_job = cls(
            id=id,
            object_=object_,
            model=model,
            status=status,
            auto_start=auto_start,
            created_at=created_at,
            modified_at=modified_at,
            training_files=training_files,
            job_type=job_type,
            validation_files=validation_files,
            fine_tuned_model=fine_tuned_model,
            suffix=suffix,
            integrations=integrations,
            trained_tokens=trained_tokens,
            metadata=metadata,
            hyperparameters=hyperparameters,
            repositories=repositories,
            classifier_targets=classifier_targets,
            events=events,
            checkpoints=checkpoints,
        )

        fine_tuning_job.additional_properties = d
        return fine_tuning_job

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
