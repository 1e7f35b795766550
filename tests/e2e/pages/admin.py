"""The back-office under /admin."""

from __future__ import annotations

from playwright.sync_api import expect

from shop import routes
from tests.e2e.pages.base import PageObject


class AdminLoginPage(PageObject):
    route = routes.ADMIN_LOGIN
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
    route = routes.ADMIN
    title = "Dashboard"

    def expect_demo_password_warning(self) -> None:
        expect(self.text("You signed in with the demo password published in the README.")).to_be_visible()


class AdminEmailsPage(AdminPage):
    route = routes.ADMIN_EMAILS
    title = "Emails"


class AdminCustomersPage(AdminPage):
    route = routes.ADMIN_CUSTOMERS
    title = "Customers"


class AdminNewCustomerPage(AdminPage):
    route = routes.ADMIN_CUSTOMER_NEW
    title = "New customer"


class AdminCustomerPage(AdminPage):
    route = routes.ADMIN_CUSTOMER
    title = "Customer"


class AdminGroupsPage(AdminPage):
    route = routes.ADMIN_GROUPS
    title = "Customer groups"


class AdminOrdersPage(AdminPage):
    route = routes.ADMIN_ORDERS
    title = "Orders"


class AdminOrderPage(AdminPage):
    route = routes.ADMIN_ORDER
    title = "Order"


class AdminProductsPage(AdminPage):
    route = routes.ADMIN_PRODUCTS
    title = "Products"


class AdminSettingsPage(AdminPage):
    route = routes.ADMIN_SETTINGS
    title = "Settings"
