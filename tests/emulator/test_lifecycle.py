"""Starting and stopping: context manager, CLI, pytest fixture; nothing left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from mistral_client.testing import MistralEmulator
from mistral_client.testing.__main__ import main

from .conftest import AUTH

ROOT = Path(__file__).resolve().parents[2]


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_context_manager_leaves_nothing_behind() -> None:
    threads_before = set(threading.enumerate())
    fds_before = _open_fds()
    with MistralEmulator() as emu:
        port = emu.port
        assert emu.running
        assert emu.base_url == f"http://127.0.0.1:{port}"
        with httpx.Client(headers=AUTH) as client:
            assert client.get(f"{emu.base_url}/v1/models").status_code == 200
    assert not emu.running
    assert set(threading.enumerate()) == threads_before
    assert _open_fds() == fds_before
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=2),
    ):
        pass


def test_restart_and_misuse() -> None:
    emu = MistralEmulator()
    with pytest.raises(RuntimeError):
        _ = emu.base_url
    emu.stop()  # stopping a stopped emulator is a no-op
    with emu:
        with pytest.raises(RuntimeError):
            emu.start()
        busy = emu.port
        with pytest.raises(OSError):  # noqa: PT011 - the OS decides the message
            MistralEmulator(port=busy).start()
    with emu:
        assert httpx.get(f"{emu.base_url}/v1/models", headers=AUTH).status_code == 200


def test_clock_injection() -> None:
    ticks = [1_800_000_000.0]
    emu = MistralEmulator(clock=lambda: ticks[0])
    assert emu.now() == 1_800_000_000.0
    ticks[0] += 5
    emu.advance(10)
    assert emu.now() == 1_800_000_015.0
    with pytest.raises(ValueError):  # noqa: PT011
        emu.advance(-1)
    emu.reset()
    assert emu.now() == 1_800_000_005.0


def _env() -> dict[str, str]:
    paths = [str(ROOT / "overlay"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_until_signalled(stop_signal: signal.Signals) -> None:
    command = [sys.executable, "-m", "mistral_client.testing", "--port", "0", "--api-key", "k"]
    command += ["--fault", "path=/v1/models,status=503,times=1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    watchdog = threading.Timer(30, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Mistral API emulator listening on http://127.0.0.1:"), line
        url = line.rsplit(" ", 1)[1].strip()
        headers = {"Authorization": "Bearer k"}
        assert httpx.get(f"{url}/v1/models", headers=headers).status_code == 503
        assert httpx.get(f"{url}/v1/models", headers=headers).status_code == 200
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=15)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Mistral API emulator stopped" in out


def test_cli_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--fault", "colour=red"]) == 2
    assert "--fault" in capsys.readouterr().err
    stop = threading.Event()
    argv = ["--port", "0", "--fault", "status=418,times=always", "--requests-per-minute", "0"]
    worker = threading.Thread(target=main, args=(argv, stop))
    worker.start()
    try:
        deadline = time.monotonic() + 10
        out = ""
        while "listening on" not in out and time.monotonic() < deadline:
            time.sleep(0.01)
            out += capsys.readouterr().out
        url = out.split("listening on ", 1)[1].split()[0]
        response = httpx.get(f"{url}/v1/models")
        assert response.status_code == 418
        assert not [h for h in response.headers if h.startswith("x-ratelimit-limit-req")]
    finally:
        stop.set()
        worker.join(10)
    assert not worker.is_alive()


PLUGIN_TESTS = """
import httpx
import pytest

def test_default(mistral_emulator):
    headers = {"Authorization": "Bearer k"}
    assert httpx.get(mistral_emulator.base_url + "/v1/models", headers=headers).status_code == 200

@pytest.mark.mistral_emulator(api_key="secret")
def test_options(mistral_emulator):
    headers = {"Authorization": "Bearer k"}
    assert httpx.get(mistral_emulator.base_url + "/v1/models", headers=headers).status_code == 401
"""


def _plugin_args(request: pytest.FixtureRequest) -> list[str]:
    if request.config.pluginmanager.has_plugin("mistral_emulator"):
        return ["--strict-markers"]  # the installed entry point loads it
    return ["--strict-markers", "-p", "mistral_client.testing._pytest_plugin"]


def test_pytest_fixture(pytester: pytest.Pytester, request: pytest.FixtureRequest) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(PLUGIN_TESTS)
    result = pytester.runpytest_inprocess(*_plugin_args(request))
    result.assert_outcomes(passed=2)


def test_fixture_skips_without_the_extras(
    pytester: pytest.Pytester, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "mistral_client.testing._emulator")
    monkeypatch.setitem(sys.modules, "mistral_client.testing._app", None)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(PLUGIN_TESTS)
    result = pytester.runpytest_inprocess(*_plugin_args(request))
    result.assert_outcomes(skipped=2)


def test_package_imports_without_the_extras() -> None:
    code = (
        "import sys\n"
        "for name in ('starlette', 'uvicorn', 'jsonschema', 'yaml'): sys.modules[name] = None\n"
        "import mistral_client.testing._pytest_plugin\n"
        "import mistral_client.testing as t\n"
        "assert 'MistralEmulator' in dir(t)\n"
        "try:\n    t.MistralEmulator\nexcept ImportError:\n    print('lazy')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert done.stdout.strip() == "lazy", done.stderr


def test_unknown_public_name() -> None:
    import mistral_client.testing as testing

    with pytest.raises(AttributeError):
        _ = testing.Nope
    assert sorted(testing.__all__) == testing.__all__
