"""Deterministic identifiers: a seeded hash of (kind, per-kind counter)."""

from __future__ import annotations

import hashlib
import string
import threading
from collections import defaultdict

_ALNUM = string.ascii_letters + string.digits


class IdFactory:
    """Same seed and same sequence of requests give the same ids."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._counters: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()

    def digest(self, kind: str) -> bytes:
        with self._lock:
            self._counters[kind] += 1
            number = self._counters[kind]
        return hashlib.sha256(f"{self._seed}:{kind}:{number}".encode()).digest()

    def hex32(self, kind: str) -> str:
        """32 hex characters, the form of completion ids."""
        return self.digest(kind).hex()[:32]

    def uuid4(self, kind: str) -> str:
        """A version-4-shaped uuid (file, job and batch ids)."""
        raw = bytearray(self.digest(kind)[:16])
        raw[6] = (raw[6] & 0x0F) | 0x40
        raw[8] = (raw[8] & 0x3F) | 0x80
        return _dashed(raw.hex())

    def uuid7(self, kind: str, now: float) -> str:
        """A version-7-shaped uuid whose first 48 bits are `now` in ms (request ids)."""
        rand = bytearray(self.digest(kind)[:10])
        rand[0] = (rand[0] & 0x0F) | 0x70
        rand[2] = (rand[2] & 0x3F) | 0x80
        millis = int(now * 1000) & ((1 << 48) - 1)
        return _dashed(f"{millis:012x}" + rand.hex())

    def alnum(self, kind: str, length: int = 9) -> str:
        """`length` letters and digits (tool call ids are 9 of them)."""
        data = self.digest(kind)
        return "".join(_ALNUM[b % len(_ALNUM)] for b in data[:length])


def _dashed(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:32]}"


def stable_hash(*parts: object) -> int:
    """A 64-bit hash of `parts` that does not depend on PYTHONHASHSEED."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
