from enum import StrEnum


class ReasoningEffort(StrEnum):
    HIGH = "high"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
