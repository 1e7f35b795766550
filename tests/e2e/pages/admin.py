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


class AdminCustomerDeletePage(AdminPage):
    route = routes.ADMIN_CUSTOMER_DELETE
    title = "Delete customer"


class AdminCustomerMergePage(AdminPage):
    route = routes.ADMIN_CUSTOMER_MERGE
    title = "Merge customers"


class AdminCustomerPricesPage(AdminPage):
    route = routes.ADMIN_CUSTOMER_PRICES
    title = "Customer price list"


class AdminCustomerPreviewPage(AdminPage):
    route = routes.ADMIN_CUSTOMER_PREVIEW
    title = "Shop preview"


class AdminImportPage(AdminPage):
    route = routes.ADMIN_CUSTOMERS_IMPORT
    title = "Import customers"


class AdminGroupPage(AdminPage):
    route = routes.ADMIN_GROUP
    title = "Customer group"


class AdminGroupDeletePage(AdminPage):
    route = routes.ADMIN_GROUP_DELETE
    title = "Delete group"


class AdminNewOrderPage(AdminPage):
    route = routes.ADMIN_ORDER_NEW
    title = "New in-store order"


class AdminProductPage(AdminPage):
    route = routes.ADMIN_PRODUCT
    title = "Product"


class AdminStaffPage(AdminPage):
    route = routes.ADMIN_STAFF
    title = "Staff"


class AdminSecurityPage(AdminPage):
    route = routes.ADMIN_SECURITY
    title = "Your security"


class AdminInvitePage(PageObject):
    route = routes.ADMIN_INVITE
    title = "Set your password"


class AdminEmailPage(AdminPage):
    route = routes.ADMIN_EMAIL
    title = "Email"
