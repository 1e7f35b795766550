"""The floor: a page with a heading and a counter, nothing else."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.vstack(rx.heading("Count ", CounterState.count), rx.button("Increment", on_click=CounterState.increment))


app = rx.App()
app.add_page(index, route="/", title="Floor")
