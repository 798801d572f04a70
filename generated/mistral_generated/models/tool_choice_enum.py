from enum import StrEnum


class ToolChoiceEnum(StrEnum):
    ANY = "any"
    AUTO = "auto"
    NONE = "none"
    REQUIRED = "required"

    def __str__(self) -> str:
        return str(self.value)
