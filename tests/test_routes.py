"""Return paths after sign-in stay inside the back-office."""

import pytest

from storefront.routes import is_safe_admin_return_path


@pytest.mark.parametrize("path", ["/admin", "/admin/customers", "/admin/orders/ML-100001"])
def test_admin_paths_are_accepted(path):
    assert is_safe_admin_return_path(path)


@pytest.mark.parametrize("path", ["//evil.example/admin", "https://evil.example/admin", "/account", "",
                                  None, 42, "/admin/login", "/admin\\@evil", "/admin" + "x" * 500])
def test_everything_else_is_refused(path):
    assert not is_safe_admin_return_path(path)
