from enum import StrEnum


class JobStatus(StrEnum):
    CANCELLATION_REQUESTED = "CANCELLATION_REQUESTED"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"
    FAILED_VALIDATION = "FAILED_VALIDATION"
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    VALIDATED = "VALIDATED"
    VALIDATING = "VALIDATING"

    def __str__(self) -> str:
        return str(self.value)
