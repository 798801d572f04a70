"""What pyright (basedpyright, a dev dependency) shows a user of the client: run `make pyright`.

It checks a probe written as a user would: the reply's helpers are typed, a misspelled
keyword argument and a wrong enum value are flagged (PEP 692 `Unpack[TypedDict]` and the
`Literal` spellings). Not in the test suite: starting pyright costs about 10 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """\
from mistral_client import Mistral

client = Mistral(api_key="k")
reply = client.chat.complete(model="m", messages=[])
reveal_type(reply.text)
reveal_type(reply.tool_calls)
client.chat.complete(modle="m", messages=[])
client.files.upload(file=b"x", purpose="fine-tun")
"""
EXPECTED = {
    5: 'Type of "reply.text" is "str"',
    6: 'Type of "reply.tool_calls" is "list[ToolCall]"',
    7: 'No parameter named "modle"',
    8: '"Literal[\'fine-tun\']" cannot be assigned to parameter "purpose"',
}


def main() -> int:
    pyright = Path(sys.executable).parent / "basedpyright"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "probe.py").write_text(PROBE, encoding="utf-8")
        config = {"extraPaths": [str(ROOT / "overlay"), str(ROOT / "generated")]}
        (Path(tmp) / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run(
            [str(pyright), "--outputjson", "probe.py"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
    found: dict[int, list[str]] = {}
    for item in json.loads(result.stdout)["generalDiagnostics"]:
        found.setdefault(item["range"]["start"]["line"] + 1, []).append(item["message"])
    missing = [
        f"line {line}: {text}"
        for line, text in EXPECTED.items()
        if not any(text in message for message in found.get(line, []))
    ]
    for line, messages in sorted(found.items()):
        for message in messages:
            print(f"probe.py:{line}: {message.splitlines()[0]}")
    if missing:
        print("pyright did not show:\n  " + "\n  ".join(missing))
        return 1
    print("pyright sees the typed surface")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
