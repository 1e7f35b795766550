"""Settings that keep a deployment safe: the secret key, cookies, the socket's origins, proxy hops, demo data."""

import os
import threading
from dataclasses import replace

import pytest

from shop import config
from shop.config import ConfigurationError, get_settings


@pytest.fixture
def fresh_settings(monkeypatch, tmp_path):
    """get_settings() read again from a clean environment, with the key file in a temporary folder."""
    monkeypatch.setattr(config, "SECRET_KEY_FILE", tmp_path / ".secret_key")
    for name in ("SECRET_KEY", "STORE_BASE_URL", "TRUSTED_PROXY_HOPS", "REFLEX_TRUSTED_PROXY_HOPS", "PORT",
                 "GRANIAN_WORKERS", "REFLEX_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_a_short_secret_key_is_refused(fresh_settings):
    fresh_settings.setenv("SECRET_KEY", "x" * 31)
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        get_settings()
    fresh_settings.setenv("SECRET_KEY", "x" * 32)
    assert get_settings().secret_key == "x" * 32


def test_several_workers_need_redis(fresh_settings):
    fresh_settings.setenv("GRANIAN_WORKERS", "2")
    with pytest.raises(ConfigurationError, match="needs REFLEX_REDIS_URL"):
        get_settings()
    fresh_settings.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/0")
    assert get_settings().redis_url == "redis://127.0.0.1:6379/0"
    fresh_settings.setenv("GRANIAN_WORKERS", "two")
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError, match="whole number"):
        get_settings()


def test_a_short_key_file_is_refused_too(fresh_settings):
    config.SECRET_KEY_FILE.write_text("too short")
    with pytest.raises(ConfigurationError):
        get_settings()


def test_the_generated_key_is_written_whole_and_shared_by_processes_starting_together(fresh_settings):
    """Eight starts at once: every one reads the same full key, and no temporary file is left behind."""
    barrier, keys, errors = threading.Barrier(8), [], []

    def start():
        try:
            barrier.wait()
            keys.append(config._load_or_create_secret_key())
        except Exception as error:  # any error here is what this test looks for
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(keys)) == 1 and len(keys[0]) >= 48
    assert [path.name for path in config.SECRET_KEY_FILE.parent.iterdir()] == [".secret_key"]
    assert oct(config.SECRET_KEY_FILE.stat().st_mode & 0o777) == "0o600"


def test_cookies_are_secure_when_the_shop_is_served_over_https(fresh_settings):
    fresh_settings.setenv("SECRET_KEY", "k" * 40)
    assert not get_settings().secure_cookies
    get_settings.cache_clear()
    fresh_settings.setenv("STORE_BASE_URL", "https://shop.example/")
    assert get_settings().secure_cookies and get_settings().store_base_url == "https://shop.example"


def test_the_event_socket_accepts_only_the_shops_origin(fresh_settings):
    fresh_settings.setenv("SECRET_KEY", "k" * 40)
    fresh_settings.setenv("STORE_BASE_URL", "https://shop.example")
    assert get_settings().allowed_origins == ["https://shop.example"]
    get_settings.cache_clear()
    fresh_settings.delenv("STORE_BASE_URL")
    fresh_settings.setenv("PORT", "3100")
    assert get_settings().allowed_origins == ["http://localhost:3100", "http://127.0.0.1:3100", "http://[::1]:3100"]


def test_trusted_proxy_hops_are_read_from_the_environment(fresh_settings):
    fresh_settings.setenv("SECRET_KEY", "k" * 40)
    assert get_settings().trusted_proxy_hops == 0
    get_settings.cache_clear()
    fresh_settings.setenv("TRUSTED_PROXY_HOPS", "1")
    assert get_settings().trusted_proxy_hops == 1
    get_settings.cache_clear()
    fresh_settings.setenv("TRUSTED_PROXY_HOPS", "one")
    with pytest.raises(ConfigurationError):
        get_settings()


def _client_ip_seen_by_reflex(monkeypatch, hops: int, forwarded_for: str) -> str:
    """What Reflex's event socket takes as the client address, with the shop's proxy setting."""
    import reflex.app
    from reflex.app import EventNamespace

    import rxconfig

    monkeypatch.setattr(rxconfig.config, "trusted_proxy_hops", hops)
    monkeypatch.setattr(reflex.app, "get_config", lambda: rxconfig.config)
    namespace = EventNamespace.__new__(EventNamespace)
    environ = {"asgi.scope": {"client": ("10.0.0.2", 51000),
                              "headers": [(b"x-forwarded-for", forwarded_for.encode())]}}
    return namespace._build_static_router_data("sid", environ)["ip"]


def test_the_shops_setting_reaches_reflex():
    import rxconfig

    assert rxconfig.config.trusted_proxy_hops == get_settings().trusted_proxy_hops
    assert rxconfig.config.cors_allowed_origins == get_settings().allowed_origins


def test_a_forged_x_forwarded_for_is_ignored_without_the_proxy_setting_and_honoured_with_it(monkeypatch):
    # Without a trusted proxy, the header is the visitor's own words: the socket's peer counts.
    assert _client_ip_seen_by_reflex(monkeypatch, 0, "203.0.113.66") == "10.0.0.2"
    # Behind one proxy that appends the real peer, the last entry is the visitor; forged ones before it are not.
    assert _client_ip_seen_by_reflex(monkeypatch, 1, "198.51.100.1, 203.0.113.66") == "203.0.113.66"


def test_captured_emails_are_printed_in_development_only(engine, db, capsys):
    from shop.mail import outbox
    from shop.mail.sender import deliver_due_emails

    for environment, printed in (("prod", False), ("test", False), ("dev", True)):
        outbox.queue_test_email(db, "camille@example.com", "en")
        db.commit()
        settings = replace(get_settings(), resend_api_key=None, environment=environment)
        assert deliver_due_emails(engine, settings=settings).captured == 1
        assert ("Test email from" in capsys.readouterr().out) is printed, environment


def test_production_never_seeds_an_account_with_the_published_password(db, monkeypatch):
    from sqlmodel import select

    from shop.demo.seed import seed_demo_data
    from shop.models import Customer, MerchantUser

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr(config, "get_settings", lambda: replace(get_settings(), environment="prod"))
    monkeypatch.setattr("shop.demo.seed.get_settings", config.get_settings)
    added = seed_demo_data(db)
    db.commit()
    assert added["merchants"] == 0 and db.exec(select(MerchantUser)).first() is None
    assert all(customer.password_hash is None for customer in db.exec(select(Customer)))
    # With a password of the shop's own choosing, the demo merchant is created.
    monkeypatch.setenv("DEMO_PASSWORD", "a password nobody has read " + os.urandom(4).hex())
    assert seed_demo_data(db)["merchants"] == 1
