from enum import StrEnum


class EmbeddingDtype(StrEnum):
    BINARY = "binary"
    FLOAT = "float"
    INT8 = "int8"
    UBINARY = "ubinary"
    UINT8 = "uint8"

    def __str__(self) -> str:
        return str(self.value)
