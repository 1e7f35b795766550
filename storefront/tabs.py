"""Whether a browser tab is still there, for background tasks that follow something on its behalf."""

from __future__ import annotations

import sys


def tab_is_open(client_token: str) -> bool:
    """Whether this worker still holds the tab's event socket.

    A background task runs on the worker whose socket started it, and Reflex does not cancel it when the
    tab closes: a task that waits in a loop asks this and stops. When no app serves sockets (a unit test,
    the CLI), nothing can tell, and the answer is yes.
    """
    module = sys.modules.get("storefront.storefront")  # the app module: loaded in every serving worker
    namespace = getattr(getattr(module, "app", None), "event_namespace", None)
    if namespace is None:
        return True
    return client_token in namespace.token_to_sid
