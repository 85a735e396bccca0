"""Runs the portal under gunicorn, configured from code so no config file is needed."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Portal(BaseApplication):  # type: ignore[misc]
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
