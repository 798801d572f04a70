"""Contains all the data models used in inputs/outputs"""

from .agent import Agent
from .agent_completion_args import AgentCompletionArgs
from .agent_completion_request import AgentCompletionRequest
from .agent_create_request import AgentCreateRequest
from .agent_update_request import AgentUpdateRequest
from .api_endpoint import ApiEndpoint
from .archive_model_response import ArchiveModelResponse
from .assistant_message import AssistantMessage
from .audio_chunk import AudioChunk
from .base_64_embedding_data import Base64EmbeddingData
from .base_64_embedding_response import Base64EmbeddingResponse
from .batch_error import BatchError
from .batch_job import BatchJob
from .batch_job_list import BatchJobList
from .batch_job_order import BatchJobOrder
from .batch_job_request import BatchJobRequest
from .batch_job_status import BatchJobStatus
from .batch_request import BatchRequest
from .chat_classification_request import ChatClassificationRequest
from .chat_completion_choice import ChatCompletionChoice
from .chat_completion_message import ChatCompletionMessage
from .chat_completion_request import ChatCompletionRequest
from .chat_completion_response import ChatCompletionResponse
from .chat_moderation_request import ChatModerationRequest
from .checkpoint import Checkpoint
from .checkpoint_metrics import CheckpointMetrics
from .classification_request import ClassificationRequest
from .classification_response import ClassificationResponse
from .classification_result import ClassificationResult
from .classification_scores import ClassificationScores
from .classification_target_result import ClassificationTargetResult
from .classifier_target import ClassifierTarget
from .classifier_target_info import ClassifierTargetInfo
from .code_interpreter_tool import CodeInterpreterTool
from .completion_args import CompletionArgs
from .completion_chunk import CompletionChunk
from .completion_chunk_choice import CompletionChunkChoice
from .connector_auth import ConnectorAuth
from .connector_tool import ConnectorTool
from .delete_file_response import DeleteFileResponse
from .delete_model_response import DeleteModelResponse
from .delta_message import DeltaMessage
from .document_library_tool import DocumentLibraryTool
from .document_url_chunk import DocumentUrlChunk
from .embedding_data import EmbeddingData
from .embedding_dtype import EmbeddingDtype
from .embedding_request import EmbeddingRequest
from .embedding_response import EmbeddingResponse
from .encoding_format import EncodingFormat
from .error_object import ErrorObject
from .file_chunk import FileChunk
from .file_list import FileList
from .file_object import FileObject
from .file_purpose import FilePurpose
from .file_source import FileSource
from .file_upload_request import FileUploadRequest
from .file_visibility import FileVisibility
from .fim_completion_request import FimCompletionRequest
from .fine_tuned_model import FineTunedModel
from .fine_tuning_dry_run import FineTuningDryRun
from .fine_tuning_job import FineTuningJob
from .fine_tuning_job_list import FineTuningJobList
from .fine_tuning_job_request import FineTuningJobRequest
from .finish_reason import FinishReason
from .function import Function
from .function_call import FunctionCall
from .function_call_delta import FunctionCallDelta
from .function_name import FunctionName
from .github_repository import GithubRepository
from .github_repository_info import GithubRepositoryInfo
from .guardrail_config import GuardrailConfig
from .http_validation_error import HTTPValidationError
from .image_detail import ImageDetail
from .image_generation_tool import ImageGenerationTool
from .image_url import ImageUrl
from .image_url_chunk import ImageUrlChunk
from .instruct_request import InstructRequest
from .job_event import JobEvent
from .job_metadata import JobMetadata
from .job_status import JobStatus
from .job_type import JobType
from .json_schema import JsonSchema
from .loss_function import LossFunction
from .message_role import MessageRole
from .model_capabilities import ModelCapabilities
from .model_card import ModelCard
from .model_list import ModelList
from .model_type import ModelType
from .moderation_categories import ModerationCategories
from .moderation_category_scores import ModerationCategoryScores
from .moderation_request import ModerationRequest
from .moderation_response import ModerationResponse
from .moderation_result import ModerationResult
from .prediction import Prediction
from .prompt_mode import PromptMode
from .prompt_tokens_details import PromptTokensDetails
from .reasoning_effort import ReasoningEffort
from .reference_chunk import ReferenceChunk
from .response_format import ResponseFormat
from .response_format_type import ResponseFormatType
from .sample_type import SampleType
from .signed_url import SignedUrl
from .system_message import SystemMessage
from .text_chunk import TextChunk
from .think_chunk import ThinkChunk
from .tool import Tool
from .tool_call import ToolCall
from .tool_call_delta import ToolCallDelta
from .tool_choice import ToolChoice
from .tool_choice_enum import ToolChoiceEnum
from .tool_configuration import ToolConfiguration
from .tool_message import ToolMessage
from .tool_type import ToolType
from .training_file import TrainingFile
from .training_parameters import TrainingParameters
from .unknown_agent_tool import UnknownAgentTool
from .unknown_content_chunk import UnknownContentChunk
from .update_model_request import UpdateModelRequest
from .usage_info import UsageInfo
from .user_message import UserMessage
from .validation_error import ValidationError
from .wandb_integration import WandbIntegration
from .wandb_integration_info import WandbIntegrationInfo
from .web_search_premium_tool import WebSearchPremiumTool
from .web_search_tool import WebSearchTool

__all__ = (
    "Agent",
    "AgentCompletionArgs",
    "AgentCompletionRequest",
    "AgentCreateRequest",
    "AgentUpdateRequest",
    "ApiEndpoint",
    "ArchiveModelResponse",
    "AssistantMessage",
    "AudioChunk",
    "Base64EmbeddingData",
    "Base64EmbeddingResponse",
    "BatchError",
    "BatchJob",
    "BatchJobList",
    "BatchJobOrder",
    "BatchJobRequest",
    "BatchJobStatus",
    "BatchRequest",
    "ChatClassificationRequest",
    "ChatCompletionChoice",
    "ChatCompletionMessage",
    "ChatCompletionRequest",
    "ChatCompletionResponse",
    "ChatModerationRequest",
    "Checkpoint",
    "CheckpointMetrics",
    "ClassificationRequest",
    "ClassificationResponse",
    "ClassificationResult",
    "ClassificationScores",
    "ClassificationTargetResult",
    "ClassifierTarget",
    "ClassifierTargetInfo",
    "CodeInterpreterTool",
    "CompletionArgs",
    "CompletionChunk",
    "CompletionChunkChoice",
    "ConnectorAuth",
    "ConnectorTool",
    "DeleteFileResponse",
    "DeleteModelResponse",
    "DeltaMessage",
    "DocumentLibraryTool",
    "DocumentUrlChunk",
    "EmbeddingData",
    "EmbeddingDtype",
    "EmbeddingRequest",
    "EmbeddingResponse",
    "EncodingFormat",
    "ErrorObject",
    "FileChunk",
    "FileList",
    "FileObject",
    "FilePurpose",
    "FileSource",
    "FileUploadRequest",
    "FileVisibility",
    "FimCompletionRequest",
    "FineTunedModel",
    "FineTuningDryRun",
    "FineTuningJob",
    "FineTuningJobList",
    "FineTuningJobRequest",
    "FinishReason",
    "Function",
    "FunctionCall",
    "FunctionCallDelta",
    "FunctionName",
    "GithubRepository",
    "GithubRepositoryInfo",
    "GuardrailConfig",
    "HTTPValidationError",
    "ImageDetail",
    "ImageGenerationTool",
    "ImageUrl",
    "ImageUrlChunk",
    "InstructRequest",
    "JobEvent",
    "JobMetadata",
    "JobStatus",
    "JobType",
    "JsonSchema",
    "LossFunction",
    "MessageRole",
    "ModelCapabilities",
    "ModelCard",
    "ModelList",
    "ModelType",
    "ModerationCategories",
    "ModerationCategoryScores",
    "ModerationRequest",
    "ModerationResponse",
    "ModerationResult",
    "Prediction",
    "PromptMode",
    "PromptTokensDetails",
    "ReasoningEffort",
    "ReferenceChunk",
    "ResponseFormat",
    "ResponseFormatType",
    "SampleType",
    "SignedUrl",
    "SystemMessage",
    "TextChunk",
    "ThinkChunk",
    "Tool",
    "ToolCall",
    "ToolCallDelta",
    "ToolChoice",
    "ToolChoiceEnum",
    "ToolConfiguration",
    "ToolMessage",
    "ToolType",
    "TrainingFile",
    "TrainingParameters",
    "UnknownAgentTool",
    "UnknownContentChunk",
    "UpdateModelRequest",
    "UsageInfo",
    "UserMessage",
    "ValidationError",
    "WandbIntegration",
    "WandbIntegrationInfo",
    "WebSearchPremiumTool",
    "WebSearchTool",
)
