from enum import StrEnum


class ApiEndpoint(StrEnum):
    AUDIO_TRANSCRIPTIONS = "/v1/audio/transcriptions"
    CHAT_CLASSIFICATIONS = "/v1/chat/classifications"
    CHAT_COMPLETIONS = "/v1/chat/completions"
    CHAT_MODERATIONS = "/v1/chat/moderations"
    CLASSIFICATIONS = "/v1/classifications"
    CONVERSATIONS = "/v1/conversations"
    EMBEDDINGS = "/v1/embeddings"
    FIM_COMPLETIONS = "/v1/fim/completions"
    MODERATIONS = "/v1/moderations"
    OCR = "/v1/ocr"

    def __str__(self) -> str:
        return str(self.value)
