"""Warm kernels: started and with the helpers imported before a notebook needs one.

Each worker process of a build keeps one KernelPool (`pool()`), so a job pays neither the
kernel start nor the imports, and a kernel whose notebook succeeded runs the worker's next one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time

KERNEL = "python3"

MAX_REUSE = 25  # notebooks per kernel, to bound its memory
RESET = "get_ipython().reset(new_session=False)"
WARMUP = ("import helpers.sections, helpers.overview, helpers.comparison, helpers.render, helpers.gazetteer\n"
          "helpers.gazetteer.communes(); helpers.gazetteer.districts()  # read-only tables, cached")


class KernelPool:
    """Pre-started kernels that have already imported the helpers (as Voilà's pre-heated kernels).

    A kernel is started and warmed in the background, so a job pays neither the kernel start
    nor the imports. After a notebook succeeds, its kernel's namespace is reset (IPython's
    reset: variables go, modules and read-only caches stay) and it runs the worker's next
    notebook, up to MAX_REUSE notebooks; a kernel whose notebook failed is discarded. A notebook
    therefore always starts with an empty namespace, as in a fresh kernel.
    """

    def __init__(self, cwd: str):
        self.cwd = cwd
        self._lock = threading.Lock()
        self._next = None
        self._thread = None
        self._tmp = tempfile.mkdtemp(prefix="antt-kernels-")
        self._count = 0
        self._uses: dict[int, int] = {}
        self._starting = None  # the kernel being started and warmed, if any
        self._prepare()

    def _start(self):
        from jupyter_client import BlockingKernelClient, KernelManager

        self._count += 1
        t0 = time.perf_counter()
        km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._tmp, f"k{self._count}"))
        km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"  # what nbclient expects
        # the kernel process's own stdout and stderr ("KeyboardInterrupt caught in kernel" at its
        # shutdown, library warnings) are noise to the person running the build: what a notebook
        # prints reaches the notebook through the kernel's messages, not through these streams
        km.start_kernel(cwd=self.cwd, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._starting = km
        kc = BlockingKernelClient()
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            kc.execute_interactive(WARMUP, timeout=300, store_history=False, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
            self._starting = None
        km.antt_start_seconds = time.perf_counter() - t0  # start and warm-up, for the manifest
        return km

    def _prepare(self) -> None:
        def work():
            try:
                km = self._start()
            except Exception:  # a failed warm-up falls back to papermill's own kernel start
                km = None
            with self._lock:
                self._next = km

        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    def take(self):
        """A warm kernel manager (or None if warming failed)."""
        if self._thread is None and self._next is None:
            self._prepare()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            km, self._next = self._next, None
        return km

    def give_back(self, km, ok: bool, more: bool) -> None:
        """After a notebook: keep a kernel whose notebook succeeded (namespace reset) for the next
        one (the pool closes it at the end: whichever worker is free takes the next job, so a
        worker cannot know it ran its last); otherwise shut it down and, when more jobs may
        follow, warm a new one."""
        from jupyter_client import BlockingKernelClient

        if km is not None and ok and self._uses.get(id(km), 1) < MAX_REUSE:
            kc = BlockingKernelClient()
            kc.load_connection_info(km.get_connection_info())
            kc.start_channels()
            try:
                reply = kc.execute_interactive(RESET, timeout=60, store_history=False, output_hook=lambda msg: None)
                if reply["content"]["status"] == "ok":
                    self._uses[id(km)] = self._uses.get(id(km), 1) + 1
                    km.antt_start_seconds = 0.0  # the next notebook pays no start
                    with self._lock:
                        self._next = km
                    return
            except Exception:
                pass
            finally:
                kc.stop_channels()
        if km is not None:
            self._uses.pop(id(km), None)
            km.shutdown_kernel(now=True)
        if more:
            self._prepare()

    def close(self) -> None:
        starting = self._starting
        if starting is not None:  # still warming up, for nothing now (a build with nothing to run)
            with contextlib.suppress(Exception):
                starting.kill_kernel()  # its warm-up then fails at once instead of being waited for
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._next is not None:
            self._next.shutdown_kernel(now=True)
            self._next = None
        shutil.rmtree(self._tmp, ignore_errors=True)


_POOL: KernelPool | None = None


def pool(notebooks_dir: str) -> KernelPool:
    """This process's kernel pool (started on first use, closed at exit)."""
    global _POOL
    if _POOL is None or _POOL.cwd != notebooks_dir:
        if _POOL is not None:
            _POOL.close()
        _POOL = KernelPool(notebooks_dir)
        import atexit

        atexit.register(close_pool)
    return _POOL


def close_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.close()
        _POOL = None
