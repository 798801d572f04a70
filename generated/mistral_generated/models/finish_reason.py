from enum import StrEnum


class FinishReason(StrEnum):
    ERROR = "error"
    LENGTH = "length"
    MODEL_LENGTH = "model_length"
    STOP = "stop"
    TOOL_CALLS = "tool_calls"

    def __str__(self) -> str:
        return str(self.value)
