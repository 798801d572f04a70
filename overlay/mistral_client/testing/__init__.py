"""A local emulator of the Mistral AI API for tests and offline development.

Usage::

    from mistral_client.testing import MistralEmulator, Fault

    with MistralEmulator() as emu:
        emu.inject(Fault.error(503), path="/v1/chat/completions")
        ...  # point a client at emu.base_url

Also: ``python -m mistral_client.testing --port 8000`` and the pytest fixture
``mistral_emulator``. Needs the ``emulator`` extra (starlette, uvicorn, jsonschema,
pyyaml); importing this package does not, using its names does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._clock import EmulatorClock
    from ._emulator import MistralEmulator
    from ._faults import ErrorShape, Fault, FaultRule
    from ._state import RecordedRequest

__all__ = [
    "EmulatorClock",
    "ErrorShape",
    "Fault",
    "FaultRule",
    "MistralEmulator",
    "RecordedRequest",
]

_HOMES = {
    "EmulatorClock": "._clock",
    "ErrorShape": "._faults",
    "Fault": "._faults",
    "FaultRule": "._faults",
    "MistralEmulator": "._emulator",
    "RecordedRequest": "._state",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
