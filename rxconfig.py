"""Reflex configuration: every setting comes from the environment (see README, "Configuration")."""

import os
import warnings

import reflex as rx

from shop.config import get_settings
from storefront.components.theme import ACCENT, GRAY
from storefront.lean_bundle import LeanBundlePlugin
from storefront.schema_check import check_schema_with_the_migrations_rules

# No network beyond package registries: no telemetry, no update check.
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

settings = get_settings()

# At start-up Reflex compares the tables with the database. SQLite cannot reflect the unique
# lower(email) indexes (the migrations create them), so SQLAlchemy and Alembic would warn on every start.
warnings.filterwarnings("ignore", message=".*expression-based index.*")
# Reflex's comparison does not know the register's full-text index, which a migration makes: it would
# report "schema changes" on every start (storefront/schema_check.py).
check_schema_with_the_migrations_rules(settings.db_url)

# Where Reflex keeps each tab's state: in Redis when several workers share it (REFLEX_REDIS_URL), else in
# the worker's memory. Reflex's default, one file per state and tab on disk, spent more time writing
# files than serving page loads; what must outlive a restart (sessions, carts, orders) is in the
# database or the browser, and a tab reconnecting after a restart reloads its page's data.
# REFLEX_STATE_MANAGER_MODE=disk brings the files back.
state_manager = {} if settings.redis_url else {"state_manager_mode": rx.constants.StateManagerMode.MEMORY}

config = rx.Config(
    app_name="storefront",
    db_url=settings.db_url,
    redis_url=settings.redis_url,
    **state_manager,
    telemetry_enabled=False,
    # The event socket refuses a handshake from another origin (the shop's own pages only).
    cors_allowed_origins=settings.allowed_origins,
    trusted_proxy_hops=settings.trusted_proxy_hops,
    show_built_with_reflex=False,
    # The app evaluates no components sent by the server: the libraries Reflex offers them on `window` are
    # loaded lazily, and LeanBundlePlugin drops Radix Themes from them (on `window` whole, it defeated
    # tree-shaking: every page downloaded every Radix component).
    frontend_lazy_bundled_libraries=True,
    plugins=[
        # Solid panels: Radix's default, translucent, puts a 64 px backdrop blur behind every card, dialog and
        # menu. Drawn without a GPU (a low-end phone, a headless browser), one frame of the address book took
        # 60 ms, and Chromium holds the socket's messages after a click until that frame is on screen.
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="light", accent_color=ACCENT, gray_color=GRAY, radius="medium",
                           panel_background="solid")
        ),
        LeanBundlePlugin(),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
