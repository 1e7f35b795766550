"""Every table of the shop; importing this package registers them all on SQLModel.metadata."""

from shop.catalog.models import (
    CartItem,
    CustomerPrice,
    GroupPrice,
    Product,
    ProductImage,
    StockAlert,
    WishlistItem,
)
from shop.common.columns import utcnow
from shop.customers.models import Address, Customer, CustomerGroup, CustomerNote
from shop.identity.models import (
    CodePurpose,
    OAuthFlow,
    OneTimeCode,
    PasskeyCredential,
    PendingSignUp,
    SignInSession,
    SingleUseToken,
    SocialIdentity,
    ThrottleEvent,
    TokenKind,
    WebAuthnChallenge,
)
from shop.mail.models import OutboxEmail, OutboxStatus
from shop.merchants.models import AuditEvent, MerchantRecoveryCode, MerchantRole, MerchantUser
from shop.orders import live as _live  # noqa: F401  (an order's change is announced to its open pages)
from shop.orders.models import (
    Order,
    OrderChannel,
    OrderCounter,
    OrderLine,
    OrderStatus,
    OrderStatusEvent,
    PaymentMethod,
)
from shop.settings.models import (
    CheckoutMode,
    EmailVerification,
    ExportFormat,
    RegistrationMode,
    ShippingRate,
    StoreSettings,
)

__all__ = [
    "Address",
    "AuditEvent",
    "CartItem",
    "CheckoutMode",
    "CodePurpose",
    "Customer",
    "CustomerGroup",
    "CustomerNote",
    "CustomerPrice",
    "EmailVerification",
    "ExportFormat",
    "GroupPrice",
    "MerchantRecoveryCode",
    "MerchantRole",
    "MerchantUser",
    "OAuthFlow",
    "OneTimeCode",
    "Order",
    "OrderChannel",
    "OrderCounter",
    "OrderLine",
    "OrderStatus",
    "OrderStatusEvent",
    "OutboxEmail",
    "OutboxStatus",
    "PasskeyCredential",
    "PaymentMethod",
    "PendingSignUp",
    "Product",
    "ProductImage",
    "RegistrationMode",
    "ShippingRate",
    "SignInSession",
    "SingleUseToken",
    "SocialIdentity",
    "StockAlert",
    "StoreSettings",
    "ThrottleEvent",
    "TokenKind",
    "WebAuthnChallenge",
    "WishlistItem",
    "utcnow",
]
