"""Run tasks in worker processes that can be killed: a time limit per task, crash isolation.

`run_isolated(items, init=…, task=…, jobs=…, timeout=…)` starts ``jobs`` child processes;
each calls ``init()`` once (building a Scanner, say) and then ``task(state, item)`` for the
items it is given, one at a time. The results come back in the order of ``items``, each
item paired with its result or with a `Failure`:

- ``timeout``: the task ran longer than ``timeout`` seconds. Its worker is killed (SIGKILL,
  which stops C code too, unlike SIGALRM) and replaced by a fresh one.
- ``crash``: the worker died under the task (a segmentation fault, ``os._exit``, the
  kernel's out-of-memory killer). It is replaced.
- ``error``: the task raised; the worker lives on.

Workers ignore Ctrl+C (the parent stops them) and, on Linux, die with the parent however it
dies, so no worker stuck on a hanging item outlives the run.

So one bad item never hangs or loses the batch. Only a worker that cannot *start* stops it:
`WorkerStartError` (or the ``MamoriError`` that ``init`` raised, such as a bad rule pack).

Results are yielded as soon as they and all before them are done; at most ``window`` items
run ahead of the oldest unfinished one, so the finished results held back while one slow
item runs stay bounded.

The processes are forked where the platform can (Linux), so a worker starts with the
parent's modules already imported; elsewhere they are spawned, and ``init`` and ``task``
must then be importable (top-level functions or ``functools.partial`` of them).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar

from mamori._exceptions import MamoriError

__all__ = ["Failure", "WorkerStartError", "run_isolated"]

I = TypeVar("I")  # noqa: E741 - an item
S = TypeVar("S")  # a worker's state, built once by init()
R = TypeVar("R")  # a task's result

START_TIMEOUT = 300.0  # seconds a worker may take to run init()
_STOP_GRACE = 5.0  # seconds a worker may take to exit after it was told to
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerStartError(MamoriError):
    """A worker process could not be started or could not run its ``init``."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an item has no result: it ran out of time, its worker died, or the task raised."""

    kind: Literal["timeout", "crash", "error"]
    detail: str


def _exit_detail(exitcode: int | None) -> str:
    if exitcode is None:
        return "the worker stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"killed by {name} (often the system running out of memory)"
        return f"killed by {name}"
    return f"exited with status {exitcode}"


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies, however it dies (Linux).

    Without it a parent killed with SIGKILL or SIGTERM would leave a worker stuck on a
    hanging file behind. Elsewhere a worker ends when it next finds its pipe closed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        return
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _child(
    conn: Connection, init: Callable[[], Any], task: Callable[[Any, Any], Any], parent: int
) -> None:
    """A worker's main loop: init once, then one task per message until told to stop."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    try:
        state = init()
    except BaseException as err:
        conn.send(("init-failed", _portable(err)))
        return
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            value = task(state, item)
        except Exception as err:  # the task's own failure: report it, keep the worker
            value = Failure("error", f"{type(err).__name__}: {err}")
        try:
            conn.send(("result", index, value))
        except Exception as err:  # a result that cannot be sent (pickled)
            conn.send(("result", index, Failure("error", f"{type(err).__name__}: {err}")))


def _portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling, else a WorkerStartError with its text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        return WorkerStartError(f"{type(err).__name__}: {err}")
    return err


class _Worker(Generic[I]):
    """The parent's handle on one child: its process, its pipe, what it is doing."""

    def __init__(self, ctx: Any, init: Callable[[], Any], task: Callable[[Any, I], Any]) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_child, args=(child, init, task, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()  # only the child holds its end now: its death reads as EOF here
        self.conn: Connection = parent
        self.ready = False
        self.index: int | None = None  # the item it is working on
        self.deadline = time.monotonic() + START_TIMEOUT  # for init(), then per task

    def send(self, index: int, item: I, timeout: float | None) -> None:
        self.index = index
        self.deadline = time.monotonic() + timeout if timeout is not None else float("inf")
        self.conn.send((index, item))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # it may have died already: kill() tidies up
            self.conn.send(None)
        self.process.join(_STOP_GRACE)
        self.kill()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_isolated(
    items: Sequence[I],
    *,
    init: Callable[[], S],
    task: Callable[[S, I], R],
    jobs: int,
    timeout: float | None,
    window: int = 256,
) -> Iterator[tuple[I, R | Failure]]:
    """Each item with its result (or `Failure`), in the order of ``items`` (module docstring).

    ``timeout`` is in seconds per item (None: no limit). Raises `WorkerStartError`, or the
    ``MamoriError`` that ``init`` raised, when a worker cannot start.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if not items:
        return
    pool: _Pool[I, R] = _Pool(items, init, task, timeout)
    try:
        pool.start(min(jobs, len(items)))
        while pool.next_yield < len(items):
            pool.dispatch(window)
            pool.step()
            yield from pool.ready_results()
    except BaseException:
        pool.kill()
        raise
    pool.stop()


class _Pool(Generic[I, R]):
    """The parent's bookkeeping for `run_isolated`."""

    def __init__(
        self,
        items: Sequence[I],
        init: Callable[[], Any],
        task: Callable[[Any, I], R],
        timeout: float | None,
    ) -> None:
        self.items = items
        self.init = init
        self.task = task
        self.timeout = timeout
        self.ctx = _context()
        self.workers: list[_Worker[I]] = []
        self.finished: dict[int, R | Failure] = {}
        self.next_item = 0  # the next item to hand out
        self.next_yield = 0  # the next item to give back

    def start(self, count: int) -> None:
        for _ in range(count):
            self.workers.append(_Worker(self.ctx, self.init, self.task))

    def dispatch(self, window: int) -> None:
        """Hand the next items to idle workers, at most ``window`` ahead of the oldest."""
        for worker in list(self.workers):
            if self.next_item >= min(len(self.items), self.next_yield + window):
                return
            if worker.ready and worker.index is None:
                index = self.next_item
                self.next_item += 1
                try:
                    worker.send(index, self.items[index], self.timeout)
                except OSError:  # it died since it said it was ready
                    worker.process.join(_STOP_GRACE)
                    self._lost(worker, Failure("crash", _exit_detail(worker.process.exitcode)))

    def step(self) -> None:
        """Wait for a message or the nearest deadline, then handle what happened."""
        active = [w for w in self.workers if not w.ready or w.index is not None]
        if not active:  # pragma: no cover - dispatch always leaves a worker with work
            raise WorkerStartError("no worker is running")
        soonest = min(w.deadline for w in active)
        delay = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
        wait([w.conn for w in active], delay)
        for worker in active:
            self._check(worker)

    def _check(self, worker: _Worker[I]) -> None:
        if worker.conn.poll():
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(_STOP_GRACE)
                self._lost(worker, Failure("crash", _exit_detail(worker.process.exitcode)))
                return
            if message[0] == "ready":
                worker.ready = True
            elif message[0] == "result":
                self.finished[message[1]] = message[2]
                worker.index = None
            else:  # init-failed
                err = message[1]
                if isinstance(err, MamoriError):
                    raise err
                raise WorkerStartError(
                    f"a worker process could not start: {type(err).__name__}: {err}"
                )
        elif time.monotonic() >= worker.deadline:
            limit = f"{self.timeout:g}" if worker.ready and self.timeout is not None else ""
            self._lost(worker, Failure("timeout", f"ran longer than {limit} s"))

    def _lost(self, worker: _Worker[I], failure: Failure) -> None:
        """``worker`` died or was killed: fail its item and start a replacement."""
        worker.kill()
        self.workers.remove(worker)
        if not worker.ready:
            what = "did not start in time" if failure.kind == "timeout" else failure.detail
            raise WorkerStartError(f"a worker process could not start: {what}")
        if worker.index is not None:
            self.finished[worker.index] = failure
        if self.next_item < len(self.items):
            self.workers.append(_Worker(self.ctx, self.init, self.task))

    def ready_results(self) -> Iterator[tuple[I, R | Failure]]:
        while self.next_yield in self.finished:
            yield self.items[self.next_yield], self.finished.pop(self.next_yield)
            self.next_yield += 1

    def kill(self) -> None:
        for worker in self.workers:
            worker.kill()

    def stop(self) -> None:
        for worker in self.workers:
            if worker.ready:
                worker.stop()
            else:  # a replacement still starting, with nothing left to do
                worker.kill()
