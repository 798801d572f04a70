"""Bearer authentication as an httpx.Auth on the overlay's own httpx clients."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ._config import ApiKey
from .errors import ConfigurationError


class BearerAuth(httpx.Auth):
    """Adds `Authorization: Bearer <key>` to each request.

    A callable key is called for every request, so a rotated key takes effect at once.
    The key never appears in repr() or str().
    """

    def __init__(self, api_key: ApiKey) -> None:
        self._api_key = api_key

    def _current_key(self) -> str:
        if callable(self._api_key):
            try:
                key = self._api_key()
            except Exception as exc:
                # Chained for debugging, but its message is not repeated: it may hold a key.
                raise ConfigurationError(
                    f"the api_key callable raised {type(exc).__name__}"
                ) from exc
        else:
            key = self._api_key
        if not isinstance(key, str) or not key.strip():
            # Deliberately says nothing about the value the callable returned.
            raise ConfigurationError("the api_key callable returned no usable key")
        return key.strip()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._current_key()}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(api_key=<redacted>)"

    __str__ = __repr__
