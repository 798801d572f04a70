from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.classifier_target import ClassifierTarget
    from ..models.github_repository import GithubRepository
    from ..models.training_file import TrainingFile
    from ..models.training_parameters import TrainingParameters
    from ..models.wandb_integration import WandbIntegration


T = TypeVar("T", bound="FineTuningJobRequest")


@_attrs_define
class FineTuningJobRequest(ModelHelpers):
    """Body of POST /v1/fine_tuning/jobs."""

    model: str
    """ Base model to fine-tune. """
    hyperparameters: TrainingParameters
    """ Fine-tuning hyperparameters; unset ones are chosen by the service. """
    training_files: list[TrainingFile] | Unset = UNSET
    validation_files: list[str] | None | Unset = UNSET
    """ Ids of files used to compute validation metrics. """
    suffix: None | str | Unset = UNSET
    """ Added to the fine-tuned model's name (at most 18 characters). """
    integrations: list[WandbIntegration] | None | Unset = UNSET
    auto_start: bool | Unset = UNSET
    """ Start as soon as validated; otherwise call the start route. """
    invalid_sample_skip_percentage: float | Unset = UNSET
    """ Share of invalid samples tolerated and skipped (server default 0). """
    job_type: JobType | None | Unset = UNSET
    repositories: list[GithubRepository] | None | Unset = UNSET
    classifier_targets: list[ClassifierTarget] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        hyperparameters = self.hyperparameters.to_dict()

        training_files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.training_files, Unset):
            training_files = []
            for training_files_item_data in self.training_files:
                training_files_item = training_files_item_data.to_dict()
                training_files.append(training_files_item)

        validation_files: list[str] | None | Unset
        if isinstance(self.validation_files, Unset):
            validation_files = UNSET
        elif isinstance(self.validation_files, list):
            validation_files = self.validation_files

        else:
            validation_files = self.validation_files

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

        auto_start = self.auto_start

        invalid_sample_skip_percentage = self.invalid_sample_skip_percentage

        job_type: None | str | Unset
        if isinstance(self.job_type, Unset):
            job_type = UNSET
        elif isinstance(self.job_type, JobType):
            job_type = self.job_type.value
        else:
            job_type = self.job_type

        repositories: list[dict[str, Any]] | None | Unset
        if isinstance(self.repositories, Unset):
            repositories = UNSET
        elif isinstance(self.repositories, list):
            repositories = []
            for repositories_type_0_item_data in self.repositories:
                repositories_type_0_item = repositories_type_0_item_data.to_dict()
                repositories.append(repositories_type_0_item)

        else:
            repositories = self.repositories

        classifier_targets: list[dict[str, Any]] | None | Unset
        if isinstance(self.classifier_targets, Unset):
            classifier_targets = UNSET
        elif isinstance(self.classifier_targets, list):
            classifier_targets = []
            for classifier_targets_type_0_item_data in self.classifier_targets:
                classifier_targets_type_0_item = classifier_targets_type_0_item_data.to_dict()
                classifier_targets.append(classifier_targets_type_0_item)

        else:
            classifier_targets = self.classifier_targets

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "hyperparameters": hyperparameters,
            }
        )
        if training_files is not UNSET:
            field_dict["training_files"] = training_files
        if validation_files is not UNSET:
            field_dict["validation_files"] = validation_files
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if auto_start is not UNSET:
            field_dict["auto_start"] = auto_start
        if invalid_sample_skip_percentage is not UNSET:
            field_dict["invalid_sample_skip_percentage"] = invalid_sample_skip_percentage
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if repositories is not UNSET:
            field_dict["repositories"] = repositories
        if classifier_targets is not UNSET:
            field_dict["classifier_targets"] = classifier_targets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.classifier_target import ClassifierTarget  # noqa: PLC0415
        from ..models.github_repository import GithubRepository  # noqa: PLC0415
        from ..models.training_file import TrainingFile  # noqa: PLC0415
        from ..models.training_parameters import TrainingParameters  # noqa: PLC0415
        from ..models.wandb_integration import WandbIntegration  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        hyperparameters = TrainingParameters.from_dict(d.pop("hyperparameters"))

        _training_files = d.pop("training_files", UNSET)
        training_files: list[TrainingFile] | Unset = UNSET
        if _training_files is not UNSET:
            training_files = []
            for training_files_item_data in _training_files:
                training_files_item = TrainingFile.from_dict(training_files_item_data)

                training_files.append(training_files_item)

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

        def _parse_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suffix = _parse_suffix(d.pop("suffix", UNSET))

        def _parse_integrations(data: object) -> list[WandbIntegration] | None | Unset:
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
                    integrations_type_0_item = WandbIntegration.from_dict(
                        integrations_type_0_item_data
                    )

                    integrations_type_0.append(integrations_type_0_item)

                return integrations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WandbIntegration] | None | Unset, data)

        integrations = _parse_integrations(d.pop("integrations", UNSET))

        auto_start = d.pop("auto_start", UNSET)

        invalid_sample_skip_percentage = d.pop("invalid_sample_skip_percentage", UNSET)

        def _parse_job_type(data: object) -> JobType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                job_type_type_0 = JobType(data)

                return job_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobType | None | Unset, data)

        job_type = _parse_job_type(d.pop("job_type", UNSET))

        def _parse_repositories(data: object) -> list[GithubRepository] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                repositories_type_0 = []
                _repositories_type_0 = data
                for repositories_type_0_item_data in _repositories_type_0:
                    repositories_type_0_item = GithubRepository.from_dict(
                        repositories_type_0_item_data
                    )

                    repositories_type_0.append(repositories_type_0_item)

                return repositories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[GithubRepository] | None | Unset, data)

        repositories = _parse_repositories(d.pop("repositories", UNSET))

        def _parse_classifier_targets(data: object) -> list[ClassifierTarget] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                classifier_targets_type_0 = []
                _classifier_targets_type_0 = data
                for classifier_targets_type_0_item_data in _classifier_targets_type_0:
                    classifier_targets_type_0_item = ClassifierTarget.from_dict(
                        classifier_targets_type_0_item_data
                    )

                    classifier_targets_type_0.append(classifier_targets_type_0_item)

                return classifier_targets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ClassifierTarget] | None | Unset, data)

        classifier_targets = _parse_classifier_targets(d.pop("classifier_targets", UNSET))

        fine_tuning_job_request = cls(
            model=model,
            hyperparameters=hyperparameters,
            training_files=training_files,
            validation_files=validation_files,
            suffix=suffix,
            integrations=integrations,
            auto_start=auto_start,
            invalid_sample_skip_percentage=invalid_sample_skip_percentage,
            job_type=job_type,
            repositories=repositories,
            classifier_targets=classifier_targets,
        )

        return fine_tuning_job_request
