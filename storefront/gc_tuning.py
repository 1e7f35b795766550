"""The cyclic garbage collector of a Reflex server under a burst of page loads.

Every new tab makes its tree of ~66 state objects, each with its dicts and sets: thousands of container
objects per page load, all of them long-lived (the state manager keeps a tab's state). With Python's
default thresholds (700, 10, 10) the collector examined them again and again while they were being made:
measured in the server worker during `python -m bench.page_loads` (a probe on `gc.callbacks`), about
1,000 young and 85 middle collections plus 7 full ones (pauses up to 0.2 s) for the run's 1,000 page
loads, 1.4 s of collecting in all. With a young generation of 50,000 objects, 11 collections, 0.6 s; the
server's CPU time per page load fell by ~14 % (three interleaved runs).

Collections still happen, only less often: the young generation is collected every 50,000 new objects,
and a full collection (which frees the cycles of expired tabs) every 10 million. What exists once the
app has started (pages, components, state classes) is frozen: it lives as long as the process, and full
collections stop walking it.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 10)


def tune_garbage_collector() -> None:
    """A lifespan task (a plain function: Reflex calls it as the server starts, before the first visitor,
    once the app is built)."""
    gc.collect()  # what start-up left as garbage goes first: frozen objects are never collected
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
