"""A background task asks whether its tab is still open (storefront/tabs.py): the order page's watch stops
when the tab closes instead of polling for its 30 minutes."""

import sys
from types import SimpleNamespace

import pytest

from storefront.tabs import tab_is_open


@pytest.fixture
def serving_app(monkeypatch):
    """The app module as a serving worker has it: its event namespace maps open tabs to their sockets."""
    sockets = {"tab-open": "sid-1"}
    module = SimpleNamespace(app=SimpleNamespace(event_namespace=SimpleNamespace(token_to_sid=sockets)))
    monkeypatch.setitem(sys.modules, "storefront.storefront", module)
    return sockets


def test_an_open_tab_is_open_and_a_closed_one_is_not(serving_app):
    assert tab_is_open("tab-open")
    assert not tab_is_open("tab-closed")
    serving_app.pop("tab-open")  # the browser closed it: Reflex drops the socket
    assert not tab_is_open("tab-open")


def test_without_a_serving_app_nothing_can_tell_and_the_task_goes_on(monkeypatch):
    monkeypatch.setitem(sys.modules, "storefront.storefront",
                        SimpleNamespace(app=SimpleNamespace(event_namespace=None)))
    assert tab_is_open("any tab")
