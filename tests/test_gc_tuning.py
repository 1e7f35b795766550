"""The server's runtime: the garbage collector's settings (storefront/gc_tuning.py), set once the app has
started, and the event loop."""

from __future__ import annotations

import gc

from storefront import gc_tuning


def test_the_lifespan_task_freezes_the_start_up_heap_and_widens_the_young_generation():
    before = gc.get_threshold()
    try:
        gc_tuning.tune_garbage_collector()
        assert gc.get_threshold() == gc_tuning.THRESHOLDS
        assert gc.get_freeze_count() > 0
        assert gc_tuning.THRESHOLDS[0] > before[0]  # collections come less often, they still come
        assert all(value > 0 for value in gc_tuning.THRESHOLDS)  # a zero would turn collecting off
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_app_runs_it_at_start_up():
    from storefront.storefront import app

    assert gc_tuning.tune_garbage_collector in app.get_lifespan_tasks()



def test_the_server_runs_on_uvloop():
    """Granian's default loop ("auto") is uvloop when it is installed (requirements.txt): ~10-15 % less
    CPU per page load than asyncio's own loop. Asked in another process: making the loop also sets it as
    the current one."""
    import subprocess
    import sys

    made = subprocess.run([sys.executable, "-c", "from granian._loops import loops; "
                           "print(type(loops.get('auto')).__module__)"], capture_output=True, text=True, check=True)
    assert made.stdout.strip().split(".")[0] == "uvloop"
