"""Runs the portal under gunicorn, configured from code so no config file is needed, with
its job worker beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
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


def control_socket(data_dir: Path) -> Path:
    """This portal's gunicorn control socket: in its own data directory, so two portals on
    one host never share gunicorn's default ($XDG_RUNTIME_DIR/gunicorn.ctl)."""
    return data_dir / "run" / "gunicorn.ctl"


def gunicorn_options(host: str, port: int, workers: int, data_dir: Path) -> dict[str, Any]:
    socket_path = control_socket(data_dir)
    socket_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": 4,
        "accesslog": "-",
        "timeout": 120,
        "control_socket": str(socket_path),
        "post_worker_init": warm_web_worker,
    }


def warm_web_worker(_worker: Any) -> None:
    """Once a web process has loaded the application, before its first request: load the URL
    configuration (every app's views and API; the first page of each process took seconds)
    and freeze what the process keeps, so the collector does not scan Django and the list
    data at every collection during requests (as job workers do: chemsec.core.jobs)."""
    from chemsec.core.jobs import worker_prepare
    from chemsec.core.warmup import warm_in_background

    worker_prepare()
    warm_in_background()  # e.g. the sanctions name taggers: seconds of a first request


def run_gunicorn(host: str, port: int, workers: int, data_dir: Path) -> None:
    _Portal(gunicorn_options(host, port, workers, data_dir)).run()


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "chemsec", "worker"])


def start_workers(count: int) -> list[subprocess.Popen[bytes]]:
    return [start_worker() for _ in range(count)]


def stop_workers(workers: list[subprocess.Popen[bytes]], grace_seconds: float) -> None:
    """SIGTERM them all first, so their grace periods run side by side, then wait for each."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        stop_worker(worker, grace_seconds)


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
