from enum import StrEnum


class JobType(StrEnum):
    CLASSIFIER = "classifier"
    COMPLETION = "completion"

    def __str__(self) -> str:
        return str(self.value)
