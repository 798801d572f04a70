from enum import StrEnum


class BatchJobOrder(StrEnum):
    CREATED_ASC = "created"
    CREATED_DESC = "-created"

    def __str__(self) -> str:
        return str(self.value)
