"""The fault campaign at a small size: nothing untyped, nothing hangs, no create twice."""

from __future__ import annotations

import pytest

from scripts.fault_campaign import main, run_campaign


def test_small_campaign_is_clean() -> None:
    report = run_campaign(calls=120, fault_rate=0.3, seed=3, deadline=6.0)
    assert report.untyped_errors == {}
    assert report.hangs == 0
    assert report.duplicate_creates == 0
    assert report.succeeded + sum(report.typed_errors.values()) == 120
    assert report.faults_injected > 10  # the faults really happened
    assert report.typed_errors  # and some got through as typed errors
    assert report.creates_processed <= report.creates_sent
    assert report.longest_call < report.deadline + 2


def test_cli_reports_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--calls", "20", "--fault-rate", "0.2", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "fault campaign: 20 calls, 20% faults" in out
    assert "duplicate creates  0" in out
