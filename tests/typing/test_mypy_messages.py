"""What `mypy --strict` tells a user about their mistakes names public types only.

mypy's error messages use a class's short name (`"ChatCompletionResponse"`), so what a user
reads never mentions `mistral_generated` or `Unset` on the fields the API always sends.
`reveal_type` is the exception: it prints where a class is defined, the generated package.
"""

from __future__ import annotations

from pathlib import Path

from tests.typing._mypy import check

MISTAKES = """\
from mistral_client import Mistral

client = Mistral(api_key="k")
reply = client.chat.complete(model="m", messages=[{"role": "user", "content": "hi"}])
as_int: int = reply
reply.nope
calls: int = reply.choices[0].message.tool_calls
usage: str = reply.usage
tokens: str = reply.usage.total_tokens
text: int = reply.text
client.files.upload(file=b"{}", purpose="fine_tune")
client.chat.complete(model="m", messages=[], temperature="hot")
vectors = client.embeddings.create(model="mistral-embed", input=["a"])
vector: int = vectors.data[0].embedding
job = client.fine_tuning.jobs.get("j")
status: int = job.status
"""

# line -> what mypy's message must say there
EXPECTED = {
    5: '"ChatCompletionResponse"',
    6: '"ChatCompletionResponse" has no attribute "nope"',
    7: '"list[ToolCall]"',
    8: '"UsageInfo"',
    9: '"int"',
    10: '"str"',
    11: "\"Literal['fine_tune']\"; expected \"Literal['fine-tune', 'batch', 'ocr'] | FilePurpose",
    12: '"temperature"',
    14: '"list[float]"',
    16: '"str"',  # an open enum: values the spec does not list yet stay strings
}


def test_mistakes_are_reported_with_public_names(tmp_path: Path) -> None:
    errors = check({"service.py": MISTAKES}, tmp_path)
    by_line: dict[int, list[str]] = {}
    for error in errors:
        _name, number, message = error.split(":", 2)
        by_line.setdefault(int(number), []).append(message)
    for line, expected in EXPECTED.items():
        assert any(expected in message for message in by_line.get(line, [])), (line, errors)
    for error in errors:
        assert "mistral_generated" not in error, error
        assert "Unset" not in error, error
