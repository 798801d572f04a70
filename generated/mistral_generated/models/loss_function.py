from enum import StrEnum


class LossFunction(StrEnum):
    MULTI_CLASS = "multi_class"
    SINGLE_CLASS = "single_class"

    def __str__(self) -> str:
        return str(self.value)
