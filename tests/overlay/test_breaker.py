"""The circuit breaker: pure transitions on a fake clock, then end to end on the emulator."""

from __future__ import annotations

import logging

import pytest

from mistral_client import CircuitBreakerConfig, errors
from mistral_client._breaker import CLOSED, HALF_OPEN, OPEN, BreakerPolicy
from mistral_client.testing import Fault, MistralEmulator
from tests.conftest import CANARY_KEY, open_api
from tests.support.clock import FakeClock

# (step, expected state after it). Steps: "F" failed attempt, "S" success, "+N" seconds
# pass, "X" an attempt is refused with CircuitOpenError, "P" the attempt admitted is a probe.
TRANSITIONS = [
    ("four failures stay closed", "FFFF", CLOSED),
    ("five failures open", "FFFFF", OPEN),
    ("a success resets the count", "FFFFSFFFF", CLOSED),
    ("open refuses", "FFFFFX", OPEN),
    ("still open at 29.9 s", "FFFFF+29.9X", OPEN),
    ("half-open after 30 s: one probe", "FFFFF+30P", HALF_OPEN),
    ("one success is not enough", "FFFFF+30PS", HALF_OPEN),
    ("three successes close", "FFFFF+30PSPSPS", CLOSED),
    ("a failed probe opens again", "FFFFF+30PF", OPEN),
    ("and waits a full timeout again", "FFFFF+30PF+29X", OPEN),
    ("then probes again", "FFFFF+30PF+30PS", HALF_OPEN),
]


def _run(policy: BreakerPolicy, clock: FakeClock, steps: str) -> None:
    index = 0
    while index < len(steps):
        step = steps[index]
        if step == "+":
            end = index + 1
            while end < len(steps) and (steps[end].isdigit() or steps[end] == "."):
                end += 1
            clock.advance(float(steps[index + 1 : end]))
            index = end
            continue
        if step == "X":
            with pytest.raises(errors.CircuitOpenError):
                policy.admit()
        elif step == "P":
            assert policy.admit() is True
            # Only one probe at a time: a second caller is refused while it is in flight.
            with pytest.raises(errors.CircuitOpenError, match="probe is in flight"):
                policy.admit()
        else:  # "F" / "S": the outcome of the probe just admitted, or of a closed-state call
            probe = steps[index - 1 : index] == "P" or policy.admit()
            policy.record(failed=step == "F", probe=probe)
        index += 1


@pytest.mark.parametrize(("name", "steps", "state"), TRANSITIONS, ids=[t[0] for t in TRANSITIONS])
def test_transitions(name: str, steps: str, state: str) -> None:
    clock = FakeClock()
    policy = BreakerPolicy(CircuitBreakerConfig(), name="http://api", clock=clock)
    _run(policy, clock, steps)
    assert policy.state == state


def test_open_error_says_when_it_probes() -> None:
    clock = FakeClock()
    policy = BreakerPolicy(CircuitBreakerConfig(failure_threshold=2), name="u", clock=clock)
    for _ in range(2):
        policy.record(failed=True, probe=policy.admit())
    clock.advance(12)
    with pytest.raises(errors.CircuitOpenError) as caught:
        policy.admit()
    assert caught.value.retry_after == pytest.approx(18.0)
    assert caught.value.retry_at == pytest.approx(clock.now + 18.0)
    assert "18.0s" in str(caught.value)


def test_state_changes_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mistral_client")
    clock = FakeClock()
    policy = BreakerPolicy(
        CircuitBreakerConfig(failure_threshold=1, success_threshold=1), name="u", clock=clock
    )
    policy.record(failed=True, probe=policy.admit())
    clock.advance(30)
    policy.record(failed=False, probe=policy.admit())
    levels = [(r.levelno, r.getMessage().split(";")[0]) for r in caplog.records]
    assert levels == [
        (logging.WARNING, "circuit breaker for u opened after 1 consecutive failures"),
        (logging.INFO, "circuit breaker for u half-open: sending a probe"),
        (logging.INFO, "circuit breaker for u closed"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"failure_threshold": 0}, "failure_threshold"),
        ({"success_threshold": True}, "success_threshold"),
        ({"recovery_timeout": float("inf")}, "recovery_timeout"),
        ({"recovery_timeout": "30"}, "recovery_timeout"),
        ({"storage_uri": "http://redis"}, "storage_uri"),
    ],
)
def test_config_is_checked(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=field):
        CircuitBreakerConfig(**kwargs)  # type: ignore[arg-type]


# --- end to end against the emulator -------------------------------------------------


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_breaker_opens_refuses_probes_and_closes(
    kind: str, mistral_emulator: MistralEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emu = mistral_emulator
    rule = emu.inject(Fault.error(503), path="/v1/models", times=None)
    async with open_api(kind, emu.base_url) as api:
        clock = FakeClock().install(api.client)
        for _ in range(5):
            with pytest.raises(errors.ServiceUnavailableError):
                await api.call("models.list")
        with pytest.raises(errors.CircuitOpenError) as caught:
            await api.call("models.list")
        assert caught.value.attempts == 0
        assert rule.hits == 5  # refused without a request
        # 4xx never count: a 404 with the circuit closed would not open it either.
        rule.remaining = 0
        clock.advance(30)
        for _ in range(3):
            await api.call("models.list")
        assert api.client._transport.breaker is not None
        assert api.client._transport.breaker.state == CLOSED
        assert len(emu.requests) == 8
    assert CANARY_KEY not in caplog.text


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_client_errors_and_429_never_open_it(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    emu.inject(Fault.error(429), path="/v1/models", times=3)
    emu.inject(Fault.error(400), path="/v1/models", times=3)
    async with open_api(kind, emu.base_url) as api:
        FakeClock().install(api.client)
        for expected in [errors.RateLimitError] * 3 + [errors.InvalidRequestError] * 3:
            with pytest.raises(expected):
                await api.call("models.list")
        await api.call("models.list")
    assert len(emu.requests) == 7


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_open_circuit_is_not_retried_and_none_turns_it_off(
    kind: str, mistral_emulator: MistralEmulator
) -> None:
    emu = mistral_emulator
    emu.inject(Fault.error(502), path="/v1/models", times=None)
    config = CircuitBreakerConfig(failure_threshold=2)
    async with open_api(kind, emu.base_url, max_retries=5, circuit_breaker=config) as api:
        FakeClock().install(api.client)
        with pytest.raises(errors.CircuitOpenError) as caught:
            await api.call("models.list")
        assert caught.value.attempts == 2  # the third attempt met the open circuit
    assert len(emu.requests) == 2
    async with open_api(kind, emu.base_url, circuit_breaker=None) as api:
        for _ in range(8):
            with pytest.raises(errors.BadGatewayError):
                await api.call("models.list")
    assert len(emu.requests) == 10
