"""Return paths after sign-in: only plain paths on this site, never something a browser reads as another site."""

import pytest

from shop.routes import is_safe_admin_return_path, is_safe_return_path

# Each of these is, or becomes in some browser, a way off the site (or a header-splitting attempt).
HOSTILE = ["//evil.example", "https://evil.example/", "/\\evil.example", "/\\\\evil.example", "\\\\evil.example",
           "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/x\x00y", "/ /evil.example",
           "/\u2028/evil.example", "/\x7f", "", None, 42, ["/account"], "/" + "x" * 500]


@pytest.mark.parametrize("path", ["/account", "/account/orders/ML-100001", "/products/mug?size=2"])
def test_customer_paths_are_accepted(path):
    assert is_safe_return_path(path)


@pytest.mark.parametrize("path", HOSTILE + ["/admin", "/admin/customers", "/login", "/login/code"])
def test_customer_side_refuses_other_sites_control_characters_and_backslashes(path):
    assert not is_safe_return_path(path)


@pytest.mark.parametrize("path", ["/admin", "/admin/customers", "/admin/orders/ML-100001"])
def test_admin_paths_are_accepted(path):
    assert is_safe_admin_return_path(path)


@pytest.mark.parametrize("path", HOSTILE + ["/account", "/admin/login", "/admin\\@evil", "/admin\t/evil.example",
                                            "/admin\n", "/admin" + "x" * 500])
def test_admin_side_refuses_other_sites_control_characters_and_backslashes(path):
    assert not is_safe_admin_return_path(path)
