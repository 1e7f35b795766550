"""The bare Reflex app that bench/page_loads.py measures the shop against: one page, one counter."""

import reflex as rx

config = rx.Config(app_name="floor", telemetry_enabled=False, disable_plugins=[rx.plugins.SitemapPlugin])
