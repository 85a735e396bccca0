"""Runs the portal under gunicorn, configured from code so no config file is needed, with
its job worker beside it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


class _Portal(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types: its base is Any
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from chemsec.wsgi import application

        return application


def run_gunicorn(host: str, port: int, workers: int) -> None:
    _Portal(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": 4,
            "accesslog": "-",
            "timeout": 120,
        }
    ).run()


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "chemsec", "worker"])


def stop_worker(worker: subprocess.Popen[bytes], grace_seconds: float) -> int:
    """SIGTERM the worker and wait while it finishes its job or hands it back to the queue
    (chemsec.core.jobs.WorkerStop); kill it only if it hangs well past its grace period."""
    if worker.poll() is None:
        worker.terminate()
    try:
        return worker.wait(timeout=grace_seconds + 10)
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.wait()
