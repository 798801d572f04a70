"""Two of the official SDK's published examples, ported to this client as a user would.

- `function_calling`: examples/mistral/chat/function_calling.py (payment status tools).
- `fine_tuning_jobs`: examples/mistral/jobs/async_jobs.py (upload, create, list, get, cancel).

They are plain user code: `make typecheck` runs mypy --strict on this file, and
tests/typing/test_ported_examples.py runs both against the emulator. The ports keep the
examples' steps; what changed from the SDK versions is listed in the README's migration
table (imports, `await` on `AsyncMistral` instead of `*_async`, `reply.tool_calls`,
`call.arguments_json()`, a reply's message sent back as is).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mistral_client import AsyncMistral, Mistral
from mistral_client.models import (
    FineTuningJob,
    Function,
    Message,
    Tool,
    ToolMessage,
    TrainingParameters,
    UserMessage,
)

# --- function calling -------------------------------------------------------------------------

PAYMENTS: dict[str, list[Any]] = {
    "transaction_id": ["T1001", "T1002", "T1003", "T1004", "T1005"],
    "customer_id": ["C001", "C002", "C003", "C002", "C001"],
    "payment_amount": [125.50, 89.99, 120.00, 54.30, 210.20],
    "payment_date": ["2021-10-05", "2021-10-06", "2021-10-07", "2021-10-05", "2021-10-08"],
    "payment_status": ["Paid", "Unpaid", "Paid", "Paid", "Pending"],
}


def retrieve_payment_status(transaction_id: str) -> str:
    for i, known in enumerate(PAYMENTS["transaction_id"]):
        if known == transaction_id:
            return json.dumps({"status": PAYMENTS["payment_status"][i]})
    return json.dumps({"status": "Error - transaction id not found"})


def retrieve_payment_date(transaction_id: str) -> str:
    for i, known in enumerate(PAYMENTS["transaction_id"]):
        if known == transaction_id:
            return json.dumps({"date": PAYMENTS["payment_date"][i]})
    return json.dumps({"status": "Error - transaction id not found"})


NAMES_TO_FUNCTIONS: dict[str, Callable[..., str]] = {
    "retrieve_payment_status": retrieve_payment_status,
    "retrieve_payment_date": retrieve_payment_date,
}
TRANSACTION_ID = {
    "type": "object",
    "required": ["transaction_id"],
    "properties": {"transaction_id": {"type": "string", "description": "The transaction id."}},
}
TOOLS = [
    Tool(
        function=Function(
            name="retrieve_payment_status",
            description="Get payment status of a transaction id",
            parameters=TRANSACTION_ID,
        )
    ),
    Tool(
        function=Function(
            name="retrieve_payment_date",
            description="Get payment date of a transaction id",
            parameters=TRANSACTION_ID,
        )
    ),
]


def function_calling(client: Mistral, model: str = "mistral-small-latest") -> list[str]:
    """The SDK example's conversation; returns what it prints."""
    printed: list[str] = []
    messages: list[Message] = [UserMessage(content="What's the status of my transaction?")]
    response = client.chat.complete(model=model, messages=messages, tools=TOOLS, temperature=0)
    printed.append(response.text)

    messages.append(response.message)
    messages.append(UserMessage(content="My transaction ID is T1001."))
    # The real model calls the tool by itself here; the emulator needs `any` to do it.
    response = client.chat.complete(
        model=model, messages=messages, tools=TOOLS, temperature=0, tool_choice="any"
    )
    if not response.tool_calls:
        raise RuntimeError("Expected tool calls")
    tool_call = response.tool_calls[0]
    function_name = tool_call.function.name
    function_params = tool_call.arguments_json()
    printed.append(
        f"calling function_name: {function_name}, with function_params: {function_params}"
    )

    function_result = NAMES_TO_FUNCTIONS[function_name](**function_params)
    messages.append(response.message)
    messages.append(
        ToolMessage(name=function_name, content=function_result, tool_call_id=tool_call.id)
    )
    response = client.chat.complete(model=model, messages=messages, tools=TOOLS, temperature=0)
    printed.append(response.text)
    return printed


# --- fine-tuning jobs -------------------------------------------------------------------------

TRAINING_LINE = {
    "messages": [
        {"role": "user", "content": "How far is the Moon?"},
        {"role": "assistant", "content": "About 384,400 km on average."},
    ]
}


async def fine_tuning_jobs(
    client: AsyncMistral, training: bytes, validation: bytes
) -> FineTuningJob:
    """The SDK example's job lifecycle; returns the cancelled job."""
    # Create new files
    training_file = await client.files.upload(file=("file.jsonl", training))
    validation_file = await client.files.upload(file=("validation_file.jsonl", validation))

    # Create a new job
    created_job = await client.fine_tuning.jobs.create(
        model="open-mistral-nemo",  # the example's open-mistral-7b is retired
        training_files=[{"file_id": training_file.id, "weight": 1}],
        validation_files=[validation_file.id],
        hyperparameters=TrainingParameters(training_steps=1, learning_rate=0.0001),
    )
    print(created_job)

    # List jobs
    jobs = await client.fine_tuning.jobs.list(page=0, page_size=5)
    print(jobs)

    # Retrieve a job
    retrieved_job = await client.fine_tuning.jobs.get(job_id=created_job.id)
    print(retrieved_job)

    # Cancel a job
    canceled_job = await client.fine_tuning.jobs.cancel(job_id=created_job.id)
    print(canceled_job)

    # Delete files
    await client.files.delete(file_id=training_file.id)
    await client.files.delete(file_id=validation_file.id)
    return canceled_job
