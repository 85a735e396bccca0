"""A job kind for tests that run a real `chemsec worker` process (imported by both sides)."""

import time

from chemsec.core.jobs import task

STARTED = "sleeping"


@task("tests.sleep")
def sleep_task(job, progress):
    progress.update(1, STARTED, force=True)  # the test waits for this before signalling
    end = time.monotonic() + float(job.params["seconds"])
    while time.monotonic() < end:
        time.sleep(0.05)
    return {"slept": job.params["seconds"]}
