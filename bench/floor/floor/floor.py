"""The floor: a page with a heading and a counter, nothing else; and the same page with an on-load handler."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    def increment(self):
        self.count += 1


class LoadedState(rx.State):
    """What Reflex itself charges for a page that loads its data: an on-load handler that sets one var."""

    loaded: bool = False

    def load(self):
        self.loaded = True


def index() -> rx.Component:
    return rx.vstack(rx.heading("Count ", CounterState.count), rx.button("Increment", on_click=CounterState.increment))


def loaded() -> rx.Component:
    return rx.vstack(rx.heading("Loaded ", rx.cond(LoadedState.loaded, "yes", "no")),
                     rx.button("Increment", on_click=CounterState.increment))


app = rx.App()
app.add_page(index, route="/", title="Floor")
app.add_page(loaded, route="/loaded", title="Floor with an on-load handler", on_load=LoadedState.load)
