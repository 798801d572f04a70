from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from mistral_client._model_helpers import ModelHelpers

from ..types import UNSET, Unset

T = TypeVar("T", bound="FimCompletionRequest")


@_attrs_define
class FimCompletionRequest(ModelHelpers):
    """Body of POST /v1/fim/completions."""

    model: str
    """ A model with FIM support, e.g. `codestral-latest`. """
    prompt: str
    """ Code before the gap. """
    suffix: None | str | Unset = UNSET
    """ Code after the gap; without it the model just continues `prompt`. """
    temperature: float | None | Unset = UNSET
    """ Sampling temperature, 0 to 1.5. The default depends on the model. """
    top_p: float | Unset = UNSET
    """ Nucleus sampling mass (server default 1). """
    max_tokens: int | None | Unset = UNSET
    """ Upper bound on generated tokens. """
    min_tokens: int | None | Unset = UNSET
    """ Lower bound on generated tokens. """
    stream: bool | Unset = UNSET
    """ Answer with server-sent events (server default false). """
    stop: list[str] | str | Unset = UNSET
    """ Stop when this string (or any of these strings) is generated. """
    random_seed: int | None | Unset = UNSET
    """ Seed for reproducible sampling. """
    metadata: Any | None | Unset = UNSET
    """ Caller-defined key/values stored with the request. """

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        prompt = self.prompt

        suffix: None | str | Unset
        if isinstance(self.suffix, Unset):
            suffix = UNSET
        else:
            suffix = self.suffix

        temperature: float | None | Unset
        if isinstance(self.temperature, Unset):
            temperature = UNSET
        else:
            temperature = self.temperature

        top_p = self.top_p

        max_tokens: int | None | Unset
        if isinstance(self.max_tokens, Unset):
            max_tokens = UNSET
        else:
            max_tokens = self.max_tokens

        min_tokens: int | None | Unset
        if isinstance(self.min_tokens, Unset):
            min_tokens = UNSET
        else:
            min_tokens = self.min_tokens

        stream = self.stream

        stop: list[str] | str | Unset
        if isinstance(self.stop, Unset):
            stop = UNSET
        elif isinstance(self.stop, list):
            stop = self.stop

        else:
            stop = self.stop

        random_seed: int | None | Unset
        if isinstance(self.random_seed, Unset):
            random_seed = UNSET
        else:
            random_seed = self.random_seed

        metadata: Any | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if min_tokens is not UNSET:
            field_dict["min_tokens"] = min_tokens
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stop is not UNSET:
            field_dict["stop"] = stop
        if random_seed is not UNSET:
            field_dict["random_seed"] = random_seed
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        prompt = d.pop("prompt")

        def _parse_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suffix = _parse_suffix(d.pop("suffix", UNSET))

        def _parse_temperature(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        temperature = _parse_temperature(d.pop("temperature", UNSET))

        top_p = d.pop("top_p", UNSET)

        def _parse_max_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_tokens = _parse_max_tokens(d.pop("max_tokens", UNSET))

        def _parse_min_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_tokens = _parse_min_tokens(d.pop("min_tokens", UNSET))

        stream = d.pop("stream", UNSET)

        def _parse_stop(data: object) -> list[str] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                stop_type_1 = cast(list[str], data)

                return stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | Unset, data)

        stop = _parse_stop(d.pop("stop", UNSET))

        def _parse_random_seed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        random_seed = _parse_random_seed(d.pop("random_seed", UNSET))

        def _parse_metadata(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        fim_completion_request = cls(
            model=model,
            prompt=prompt,
            suffix=suffix,
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            min_tokens=min_tokens,
            stream=stream,
            stop=stop,
            random_seed=random_seed,
            metadata=metadata,
        )

        return fim_completion_request
