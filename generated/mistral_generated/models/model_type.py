from enum import StrEnum


class ModelType(StrEnum):
    BASE = "base"
    FINE_TUNED = "fine-tuned"

    def __str__(self) -> str:
        return str(self.value)
