"""A small support-desk service written straight from the README, as a new user would.

It is the measure of issue 10: `mypy --strict` on it must find nothing (`make typecheck`
checks tests/), and tests/typing/test_readme_service.py runs it against the emulator.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from mistral_client import Mistral, errors
from mistral_client.models import Message, ToolMessage, UserMessage

MODEL = "mistral-small-latest"
EMBED = "mistral-embed"

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@dataclass
class Answer:
    text: str
    tokens: int
    finish: str


def ask(client: Mistral, question: str) -> Answer:
    reply = client.chat.complete(
        model=MODEL,
        messages=[{"role": "user", "content": question}],
        temperature=0.2,
    )
    finish = str(reply.choices[0].finish_reason)
    return Answer(text=reply.text, tokens=reply.usage.total_tokens, finish=finish)


def weather(city: str) -> str:
    return json.dumps({"city": city, "forecast": "sunny"})


def ask_with_tools(client: Mistral, question: str) -> str:
    messages: list[Message] = [UserMessage(content=question)]
    reply = client.chat.complete(
        model=MODEL, tools=[WEATHER_TOOL], tool_choice="any", messages=messages
    )
    call = reply.tool_calls[0]
    result = weather(call.arguments_json()["city"])
    messages.append(reply.message)
    messages.append(ToolMessage(tool_call_id=call.id, content=result))
    final = client.chat.complete(model=MODEL, messages=messages)
    return final.text


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def most_similar(client: Mistral, query: str, documents: list[str]) -> str:
    vectors = client.embeddings.create(model=EMBED, input=[query, *documents])
    query_vector, *document_vectors = vectors.vectors
    best, best_score = documents[0], -1.0
    for document, vector in zip(documents, document_vectors, strict=True):
        score = cosine(query_vector, vector)
        if score > best_score:
            best, best_score = document, score
    return best


def is_flagged(client: Mistral, text: str) -> bool:
    flags = client.classifiers.moderate(model="mistral-moderation-latest", input=text)
    categories = flags.results[0].categories
    return any(value for value in categories.to_dict().values())


def upload_training(client: Mistral, path: str) -> str:
    uploaded = client.files.upload(file=path, purpose="fine-tune")
    size: int = uploaded.bytes_
    print(f"uploaded {uploaded.filename} ({size} bytes)")
    return uploaded.id


def count_batch_files(client: Mistral) -> int:
    page = client.files.list(page=0, page_size=50, purpose="batch")
    total = page.total if page.total is not None else len(page.data)
    print([f.filename for f in page.data])
    return total


def batch_progress(client: Mistral) -> dict[str, float]:
    progress: dict[str, float] = {}
    for job in client.batch.jobs.iter_all(status="RUNNING"):
        progress[job.id] = job.completed_requests / job.total_requests
    return progress


def start_fine_tune(client: Mistral, file_id: str) -> str:
    job = client.fine_tuning.jobs.create(
        model="open-mistral-nemo",
        training_files=[file_id],
        hyperparameters={"training_steps": 10},
    )
    status: str = job.status
    print("job", job.id, status)
    return job.id


def agent_answer(client: Mistral, question: str) -> str:
    agent = client.agents.create(model=MODEL, name="helper", instructions="Answer in one sentence.")
    answer = client.agents.complete(
        agent_id=agent.id, messages=[{"role": "user", "content": question}]
    )
    return answer.text


def complete_code(client: Mistral, prefix: str) -> str:
    code = client.fim.complete(model="codestral-latest", prompt=prefix, suffix="return b")
    return code.text


def main(client: Mistral, training_path: str) -> None:
    with client:
        try:
            answer = ask(client, "Name three French cheeses.")
            print(answer.text, answer.tokens, answer.finish)
            print(ask_with_tools(client, "Weather in Paris?"))
            print(most_similar(client, "cheese", ["Brie is soft", "Paris is big"]))
            print(is_flagged(client, "hello"))
            print(count_batch_files(client), batch_progress(client))
            print(agent_answer(client, "Why is the sky blue?"))
            print(complete_code(client, "def fib(n):"))
            start_fine_tune(client, upload_training(client, training_path))
        except errors.RateLimitError as exc:
            print("slow down for", exc.retry_after, "s; request", exc.request_id)
        except errors.APIStatusError as exc:
            print(exc.status_code, exc.code, exc.message)


if __name__ == "__main__":
    main(Mistral(), "train.jsonl")
