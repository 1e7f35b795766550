"""A bare counter event: the baseline that benchmarks and load tests compare real handlers with.

Served only when STORE_BENCHMARK_EVENTS=1 (the benchmarks and the socket tests set it), never by `make run`.
"""

import reflex as rx


class PingState(rx.State):
    count: int = 0

    def increment(self):
        self.count += 1
