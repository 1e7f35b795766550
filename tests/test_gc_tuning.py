"""The server's garbage-collector settings (storefront/gc_tuning.py): set once the app has started."""

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
