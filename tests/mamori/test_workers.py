"""run_isolated: a task that hangs, crashes or raises costs only its own item."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori._workers import Failure, WorkerStartError, run_isolated

# The tasks are top-level functions so that spawned workers can import them too.


def _init() -> str:
    return "state"


def _init_bad_config() -> str:
    raise ConfigurationError("rule pack broken: fix it")


def _init_crash() -> str:
    os._exit(7)


def _task(state: str, item: str) -> str:
    if item == "hang":
        time.sleep(3600)  # C code: SIGALRM would not help, SIGKILL does
    if item == "spin":
        while True:
            pass
    if item == "segv":
        faulthandler.disable()  # pytest's handler would print this worker's stack
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == "exit":
        os._exit(3)
    if item == "raise":
        raise ValueError("bad item")
    if item == "oom":
        raise MemoryError("too big")
    return f"{state}:{item}:{os.getpid()}"


def _run(items: list[str], *, jobs: int, timeout: float | None = 0.5) -> list[object]:
    pairs = list(run_isolated(items, init=_init, task=_task, jobs=jobs, timeout=timeout))
    assert [item for item, _ in pairs] == items  # input order, every item exactly once
    return [outcome for _, outcome in pairs]


def _ok(outcome: object, item: str) -> bool:
    return isinstance(outcome, str) and outcome.startswith(f"state:{item}:")


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_kind_of_bad_item_costs_only_itself(jobs: int) -> None:
    items = ["a", "hang", "b", "segv", "c", "exit", "d", "raise", "e", "spin", "f", "oom", "g"]
    outcomes = dict(zip(items, _run(items, jobs=jobs), strict=True))
    for item in "abcdefg":
        assert _ok(outcomes[item], item), outcomes[item]
    assert outcomes["hang"] == Failure("timeout", "ran longer than 0.5 s")
    assert outcomes["spin"] == Failure("timeout", "ran longer than 0.5 s")
    assert outcomes["segv"] == Failure("crash", "killed by SIGSEGV")
    assert outcomes["exit"] == Failure("crash", "exited with status 3")
    assert outcomes["raise"] == Failure("error", "ValueError: bad item")
    assert outcomes["oom"] == Failure("error", "MemoryError: too big")


def test_a_killed_worker_is_replaced_and_a_raising_task_keeps_it() -> None:
    outcomes = _run(["a", "raise", "b", "segv", "c"], jobs=1)
    pids = [str(o).rsplit(":", 1)[1] for o in outcomes if isinstance(o, str)]
    assert pids[0] == pids[1]  # the worker survived the exception
    assert pids[1] != pids[2]  # … but not the segfault: a new one took over


def test_without_a_limit_nothing_times_out() -> None:
    assert all(_ok(o, i) for o, i in zip(_run(["a", "b"], jobs=2, timeout=None), "ab", strict=True))


def test_a_short_window_still_gives_every_result() -> None:
    items = [str(i) for i in range(20)]
    pairs = list(run_isolated(items, init=_init, task=_task, jobs=2, timeout=5, window=1))
    assert [i for i, _ in pairs] == items
    assert all(_ok(o, i) for i, o in pairs)


def test_no_items_start_no_worker() -> None:
    assert list(run_isolated([], init=_init_crash, task=_task, jobs=2, timeout=1)) == []


def test_an_init_error_is_raised_as_itself() -> None:
    with pytest.raises(ConfigurationError, match="rule pack broken"):
        list(run_isolated(["a"], init=_init_bad_config, task=_task, jobs=2, timeout=1))


def test_a_worker_that_dies_while_starting_stops_the_run() -> None:
    with pytest.raises(WorkerStartError, match="exited with status 7"):
        list(run_isolated(["a"], init=_init_crash, task=_task, jobs=1, timeout=1))


def test_leaving_early_kills_the_workers() -> None:
    results = run_isolated(["a", "hang", "b"], init=_init, task=_task, jobs=1, timeout=60)
    first = next(results)
    assert _ok(first[1], "a")
    results.close()  # the consumer stops: the hanging worker must not outlive it
    pid = int(str(first[1]).rsplit(":", 1)[1])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def _spawn_parent_of_a_hanging_worker(pid_file: str) -> None:
    """A parent that starts a worker on a hanging item, then is killed outright."""
    results = run_isolated(["pid", "hang"], init=_init, task=_task, jobs=1, timeout=None)
    pid = str(next(results)[1]).rsplit(":", 1)[1]
    with open(pid_file, "w", encoding="ascii") as handle:
        handle.write(pid)
    next(results)  # blocks on the hanging item until this process is killed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_dies_with_its_parent_even_when_the_parent_is_killed(tmp_path: Path) -> None:
    import multiprocessing

    pid_file = tmp_path / "worker.pid"
    parent = multiprocessing.get_context("spawn").Process(
        target=_spawn_parent_of_a_hanging_worker, args=(str(pid_file),)
    )
    parent.start()
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the parent never started its worker"
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    os.kill(worker, 0)  # alive, hanging
    parent.kill()
    parent.join()
    while True:  # the kernel kills it at once; allow for a slow machine
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "the worker outlived its killed parent"
        time.sleep(0.05)
