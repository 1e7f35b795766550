"""Emptying a tab's state when the person behind it changes (sign-out, expiry, block, a new sign-in)."""

from __future__ import annotations

from collections.abc import Iterable

import reflex as rx


def subtree_classes(root: type[rx.State]) -> list[type[rx.State]]:
    found, todo = [], [root]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.get_substates())
    return found


async def reset_subtrees(state: rx.State, roots: Iterable[type[rx.State]]) -> None:
    """Every var of these states and of all their substates back to its default, backend vars included.

    Reflex loads substates lazily and `reset()` only reaches loaded ones, so each is loaded first.
    """
    for root in roots:
        for cls in subtree_classes(root):
            await state.get_state(cls)
        (await state.get_state(root)).reset()
