"""The domain core of the shop: plain Python, no Reflex, no UI. Both UIs and the command line use it."""
