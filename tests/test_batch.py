"""Batch runs: order kept, failures as values, parallel workers, progress only on terminals."""

from __future__ import annotations

import faulthandler
import os
import signal
import time

import pytest

from nb2mod.batch import Failure, attempt, effective_jobs, run_batch, show_progress
from nb2mod.errors import NotJSONError


def _square_len(path: str) -> int:
    if path == "bad":
        raise NotJSONError(path, "not valid JSON: x")
    if path == "boom":
        raise RuntimeError("unexpected\nsecond line")
    return len(path) ** 2


def _pid(path: str) -> int:
    return os.getpid()


def _slow_pid(path: str) -> int:
    time.sleep(0.2)  # long enough that the second worker takes the next notebook, even under load
    return os.getpid()


def test_attempt_turns_errors_into_one_line_failures() -> None:
    assert attempt("abc", _square_len).value == 9
    bad = attempt("bad", _square_len).value
    assert isinstance(bad, Failure) and bad.message == "bad: not valid JSON: x"
    boom = attempt("boom", _square_len).value
    assert isinstance(boom, Failure)
    assert "internal error" in boom.message and "\n" not in boom.message


def test_run_batch_keeps_input_order_in_parallel() -> None:
    paths = ["a", "bb", "bad", "dddd", "boom", "eeeee"] * 3
    outcomes = list(run_batch(paths, _square_len, jobs=2, progress=False))
    assert [o.path for o in outcomes] == paths
    assert [o.value for o in outcomes if not o.failed] == [1, 4, 16, 25] * 3
    assert sum(o.failed for o in outcomes) == 6


def test_two_jobs_use_two_processes() -> None:
    paths = [str(i) for i in range(10)]
    pids = {o.value for o in run_batch(paths, _slow_pid, jobs=2, progress=False)}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_one_job_runs_in_one_worker_process() -> None:
    pids = {o.value for o in run_batch(["a", "b"], _pid, jobs=1, progress=False)}
    assert len(pids) == 1 and os.getpid() not in pids  # a crash there cannot take nb2mod down


def _crash_on(path: str) -> int:
    """Test-only work: a real native crash (SIGSEGV) for the notebook named "crash"."""
    if path == "crash":
        faulthandler.disable()  # pytest turned it on; a real crash prints nothing
        os.kill(os.getpid(), signal.SIGSEGV)
    return len(path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_crashes_fails_only_its_notebook(jobs: int) -> None:
    paths = ["a", "bb", "crash", "dddd", "eeeee", "ffffff", "crash", "g"]
    outcomes = list(run_batch(paths, _crash_on, jobs=jobs, progress=False))
    assert [o.path for o in outcomes] == paths
    failed = [o for o in outcomes if isinstance(o.value, Failure)]
    assert [o.path for o in failed] == ["crash", "crash"]
    assert all("worker process died (killed by SIGSEGV)" in o.value.message for o in failed)
    assert [o.value for o in outcomes if not o.failed] == [1, 2, 4, 5, 6, 1]


def test_effective_jobs() -> None:
    assert effective_jobs(0, 1) == 1
    assert effective_jobs(4, 2) == 2
    assert effective_jobs(0, 100) == (os.cpu_count() or 1)


def test_no_progress_for_one_notebook_or_under_pre_commit(monkeypatch) -> None:
    assert not show_progress(1)
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert not show_progress(50)
