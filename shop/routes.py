"""Every route of the app in one place: QA scripts and links rely on these staying stable."""

HOME = "/"
PRODUCT = "/products/[slug]"
CART = "/cart"
CHECKOUT = "/checkout"
# The legal pages: terms of sale, legal notice, privacy, shipping and returns.
LEGAL = "/legal/[page]"
# The confirmation of a placed order, opened by a signed, short-lived token (guests have no account).
ORDER_CONFIRMATION = "/checkout/done/[token]"

SIGNUP = "/signup"
VERIFY_EMAIL = "/verify-email"
LOGIN = "/login"
LOGIN_CODE = "/login/code"
LOGIN_LINK = "/login/link/[token]"
# Where a social sign-in provider sends the visitor back (the redirect URI registered with the provider).
LOGIN_SOCIAL_CALLBACK = "/login/social/[provider]/callback"
FORGOT_PASSWORD = "/forgot-password"
RESET_PASSWORD = "/reset-password/[token]"
INVITE = "/invite/[token]"

ACCOUNT = "/account"
ACCOUNT_PROFILE = "/account/profile"
ACCOUNT_ADDRESSES = "/account/addresses"
ACCOUNT_ORDERS = "/account/orders"
# One page serves the list and /account/orders/<number>, so opening an order keeps the page mounted.
ACCOUNT_ORDERS_PAGE = "/account/orders/[[number]]"
ACCOUNT_WISHLIST = "/account/wishlist"
ACCOUNT_SECURITY = "/account/security"
ACCOUNT_DELETE = "/account/delete"
ACCOUNT_CONFIRM_EMAIL = "/account/security/confirm-email/[token]"

ADMIN = "/admin"
ADMIN_LOGIN = "/admin/login"
ADMIN_CUSTOMERS = "/admin/customers"
ADMIN_CUSTOMER_NEW = "/admin/customers/new"
ADMIN_CUSTOMER = "/admin/customers/[id]"
ADMIN_CUSTOMER_DELETE = "/admin/customers/[id]/delete"  # the confirmation page that names the customer
ADMIN_CUSTOMER_MERGE = "/admin/customers/[id]/merge"
ADMIN_CUSTOMER_PRICES = "/admin/customers/[id]/prices"  # the customer's own price list
ADMIN_CUSTOMER_PREVIEW = "/admin/customers/[id]/preview"  # "see the shop as this customer" (owners)
ADMIN_CUSTOMERS_IMPORT = "/admin/customers/import"
ADMIN_GROUPS = "/admin/groups"
ADMIN_GROUP = "/admin/groups/[id]"
ADMIN_GROUP_DELETE = "/admin/groups/[id]/delete"
ADMIN_ORDERS = "/admin/orders"
ADMIN_ORDER_NEW = "/admin/orders/new"  # an order taken in the shop (in-store)
ADMIN_ORDER = "/admin/orders/[number]"
ADMIN_PRODUCTS = "/admin/products"
ADMIN_PRODUCT = "/admin/products/[id]"
ADMIN_SETTINGS = "/admin/settings"
ADMIN_STAFF = "/admin/staff"
ADMIN_SECURITY = "/admin/security"  # the merchant user's own password and two-factor sign-in
ADMIN_INVITE = "/admin/invite/[token]"  # an invited staff member sets a password
ADMIN_EMAILS = "/admin/emails"
ADMIN_EMAIL = "/admin/emails/[id]"


def with_id(route: str, value: object) -> str:
    """`/admin/customers/[id]` -> `/admin/customers/42` (also `[number]`)."""
    return route.replace("[id]", str(value)).replace("[number]", str(value))


def social_callback(provider: str) -> str:
    return LOGIN_SOCIAL_CALLBACK.replace("[provider]", provider)


def legal_url(page: str) -> str:
    return f"/legal/{page}"


def product_url(slug: str) -> str:
    return f"/products/{slug}"


def with_token(route: str, token: str) -> str:
    """`/reset-password/[token]` -> `/reset-password/abc...`: every emailed link is built from its route."""
    return route.replace("[token]", token)

def _is_plain_local_path(path: object) -> bool:
    """A path on this site, and nothing a browser could read as another site: no `//host`, no `/\\host`
    (browsers treat a backslash as a slash), no scheme, and no control character (browsers drop tabs
    and newlines from URLs, so `/\t/evil.example` would become `//evil.example`)."""
    return (
        isinstance(path, str)
        and 0 < len(path) <= 200
        and path.startswith("/")
        and not path.startswith("//")
        and "\\" not in path
        and path.isprintable()
        and not any(character.isspace() for character in path)
    )


def is_safe_return_path(path: object) -> bool:
    """A customer page to come back to after sign-in."""
    return _is_plain_local_path(path) and not path.startswith(ADMIN) and not path.startswith(LOGIN)


def is_safe_admin_return_path(path: object) -> bool:
    """A back-office page to come back to after the merchant signs in."""
    return _is_plain_local_path(path) and path.startswith(ADMIN) and path != ADMIN_LOGIN
