"""`chemsec serve`: one control socket per portal, and as many workers as cores by default."""

import os

from chemsec.core import limits
from chemsec.core.server import _Portal, gunicorn_options


def test_each_portal_has_its_own_control_socket(tmp_path):
    first = gunicorn_options("127.0.0.1", 8001, 1, tmp_path / "one")
    second = gunicorn_options("127.0.0.1", 8002, 1, tmp_path / "two")
    assert first["control_socket"] != second["control_socket"]
    assert first["control_socket"].startswith(str(tmp_path / "one"))
    portal = _Portal(first)  # gunicorn takes the setting as its own
    assert portal.cfg.control_socket == first["control_socket"]
    assert not portal.cfg.control_socket.endswith(os.path.join(".gunicorn", "gunicorn.ctl"))


def test_workers_default_to_the_cores_and_follow_the_setting(settings, monkeypatch):
    monkeypatch.delenv("CHEMSEC_SERVE_WEB_WORKERS", raising=False)
    monkeypatch.delenv("CHEMSEC_SERVE_JOB_WORKERS", raising=False)
    assert limits.web_workers() == limits.cores() == limits.job_workers()
    assert limits.cores() == len(os.sched_getaffinity(0))
    monkeypatch.setenv("CHEMSEC_SERVE_JOB_WORKERS", "3")
    assert limits.job_workers() == 3
    settings.SERVE_WEB_WORKERS = 5
    assert limits.web_workers() == 5


def test_a_web_process_is_warmed_and_its_heap_frozen_before_its_first_request(tmp_path):
    import gc

    options = gunicorn_options("127.0.0.1", 8003, 1, tmp_path / "three")
    portal = _Portal(options)  # gunicorn takes the hook as its own setting
    assert portal.cfg.post_worker_init is options["post_worker_init"]
    gc.unfreeze()
    try:
        options["post_worker_init"](None)
        assert gc.get_freeze_count() > 0  # what the process keeps is out of the collector's way
        from django.urls import get_resolver

        assert get_resolver()._populated  # the URL configuration is loaded
    finally:
        gc.unfreeze()
