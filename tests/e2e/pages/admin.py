"""The back-office under /admin."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages.base import PageObject


class AdminLoginPage(PageObject):
    path = "/admin/login"
    title = "Merchant sign-in"

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()


class AdminPage(PageObject):
    """Any back-office page: its menu, and sign-out."""

    def open_menu_link(self, name: str) -> None:
        self.page.get_by_role("navigation").get_by_role("link", name=name).click()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").first.click()
        expect(AdminLoginPage(self.page).heading).to_be_visible()


class AdminDashboardPage(AdminPage):
    path = "/admin"
    title = "Dashboard"

    def expect_demo_password_warning(self) -> None:
        expect(self.text("You signed in with the demo password published in the README.")).to_be_visible()


class AdminEmailsPage(AdminPage):
    path = "/admin/emails"
    title = "Emails"


class AdminCustomersPage(AdminPage):
    path = "/admin/customers"
    title = "Customers"


class AdminNewCustomerPage(AdminPage):
    path = "/admin/customers/new"
    title = "New customer"


class AdminCustomerPage(AdminPage):
    title = "Customer"


class AdminGroupsPage(AdminPage):
    path = "/admin/groups"
    title = "Customer groups"


class AdminOrdersPage(AdminPage):
    path = "/admin/orders"
    title = "Orders"


class AdminOrderPage(AdminPage):
    title = "Order"


class AdminProductsPage(AdminPage):
    path = "/admin/products"
    title = "Products"


class AdminSettingsPage(AdminPage):
    path = "/admin/settings"
    title = "Settings"
