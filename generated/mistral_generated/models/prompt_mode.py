from enum import StrEnum


class PromptMode(StrEnum):
    REASONING = "reasoning"

    def __str__(self) -> str:
        return str(self.value)
