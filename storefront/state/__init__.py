"""Reflex states: thin layers that check who is asking, call a service and set view vars."""
