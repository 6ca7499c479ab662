"""Signal handling and process containment, without a kernel: what stop_on_signals installs,
what a stopped command exits with, and that contained() kills a run's marked processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click
import psutil
import pytest

from nb2mod.cli import main
from nb2mod.verification.processes import SESSION_MARK
from nb2mod.verification.stopping import Stopped, check_stopped, contained, stop_on_signals

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@posix
def test_handlers_are_installed_and_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals():
        assert signal.getsignal(signal.SIGTERM) is not before
        assert os.environ[SESSION_MARK]
    assert signal.getsignal(signal.SIGTERM) is before
    assert SESSION_MARK not in os.environ


@posix
def test_an_ignored_sigint_stays_ignored() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


@posix
def test_sigterm_raises_stopped_and_a_second_signal_does_not_interrupt_cleanup() -> None:
    cleaned = []
    with pytest.raises(Stopped) as caught, stop_on_signals():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        finally:
            os.kill(os.getpid(), signal.SIGINT)  # the impatient second Ctrl-C
            time.sleep(0.05)
            cleaned.append(True)
    assert caught.value.exit_code == 143 and caught.value.message == "Terminated."
    assert cleaned == [True]
    check_stopped()  # the state is reset once the block is left


@posix
def test_a_swallowed_signal_is_raised_again() -> None:
    with pytest.raises(Stopped) as caught, stop_on_signals():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        except KeyboardInterrupt:
            pass  # a library that turns every error into its own result
    assert caught.value.exit_code == 130


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_main_exits_128_plus_the_signal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signum: int, code: int
) -> None:
    from nb2mod import cli

    def stopped(*args: object, **kwargs: object) -> None:
        try:
            raise Stopped(signum)
        except KeyboardInterrupt as exc:  # what click does with Ctrl-C outside standalone mode
            raise click.exceptions.Abort() from exc

    monkeypatch.setattr(cli.cli, "main", stopped)
    assert main(["verify", "x.ipynb"]) == code
    assert capsys.readouterr().err.strip() in ("Interrupted.", "Terminated.")


def test_contained_kills_a_child_in_its_own_session() -> None:
    with contained() as run:
        env = {**os.environ, **run.environment()}
        child = subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(60)"], env=env, start_new_session=True
        )
    try:
        child.wait(timeout=5)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert not psutil.pid_exists(child.pid) or psutil.Process(child.pid).status() == "zombie"
