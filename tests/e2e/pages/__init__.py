"""Page objects: one class per route group of shop/routes.py, named after what a person does there.

They find elements only by role, label and visible text, and `goto()` waits until the page is live, so
a script never races the page. See tests/e2e/README.md.
"""

from tests.e2e.pages.account import (
    AccountAddressesPage,
    AccountOrdersPage,
    AccountPage,
    AccountProfilePage,
    AccountSecurityPage,
    AccountWishlistPage,
    ConfirmEmailPage,
    DeleteAccountPage,
)
from tests.e2e.pages.admin import (
    AdminCustomerDeletePage,
    AdminCustomerMergePage,
    AdminCustomerPage,
    AdminCustomerPreviewPage,
    AdminCustomerPricesPage,
    AdminCustomersPage,
    AdminDashboardPage,
    AdminEmailPage,
    AdminEmailsPage,
    AdminGroupDeletePage,
    AdminGroupPage,
    AdminGroupsPage,
    AdminImportPage,
    AdminInvitePage,
    AdminLoginPage,
    AdminNewCustomerPage,
    AdminNewOrderPage,
    AdminOrderPage,
    AdminOrdersPage,
    AdminPage,
    AdminProductPage,
    AdminProductsPage,
    AdminSecurityPage,
    AdminSettingsPage,
    AdminStaffPage,
)
from tests.e2e.pages.base import PageObject
from tests.e2e.pages.identity import (
    CodeLoginPage,
    ForgotPasswordPage,
    InvitePage,
    LinkLoginPage,
    LoginPage,
    ResetPasswordPage,
    SignUpPage,
    VerifyEmailPage,
)
from tests.e2e.pages.social import ProviderSignInPage, SocialCallbackPage
from tests.e2e.pages.storefront import (
    CartPage,
    CheckoutPage,
    HomePage,
    LegalPage,
    NotFoundPage,
    OrderConfirmationPage,
    ProductPage,
)

__all__ = [
    "ProviderSignInPage",
    "SocialCallbackPage",
    "AdminCustomerDeletePage",
    "AdminCustomerMergePage",
    "AdminCustomerPreviewPage",
    "AdminCustomerPricesPage",
    "AdminEmailPage",
    "AdminGroupDeletePage",
    "AdminGroupPage",
    "AdminImportPage",
    "AdminInvitePage",
    "AdminNewOrderPage",
    "AdminProductPage",
    "AdminSecurityPage",
    "AdminStaffPage",
    "AccountAddressesPage", "AccountOrdersPage", "AccountPage", "AccountProfilePage", "AccountSecurityPage",
    "AccountWishlistPage", "AdminCustomerPage", "AdminCustomersPage", "AdminDashboardPage", "AdminEmailsPage",
    "AdminGroupsPage", "AdminLoginPage", "AdminNewCustomerPage", "AdminOrderPage", "AdminOrdersPage", "AdminPage",
    "AdminProductsPage", "AdminSettingsPage", "CartPage", "CheckoutPage", "CodeLoginPage", "ConfirmEmailPage",
    "DeleteAccountPage", "ForgotPasswordPage", "HomePage", "InvitePage", "LegalPage", "LinkLoginPage", "LoginPage",
    "NotFoundPage", "OrderConfirmationPage", "PageObject", "ProductPage", "ResetPasswordPage", "SignUpPage",
    "VerifyEmailPage",
]
