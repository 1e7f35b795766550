"""A bare counter event: the baseline that benchmarks and load tests compare real handlers with."""

import reflex as rx


class PingState(rx.State):
    count: int = 0

    def increment(self):
        self.count += 1
