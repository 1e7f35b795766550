"""Every table of the shop; importing this package registers them all on SQLModel.metadata."""

from shop.catalog.models import CartItem, CustomerPrice, GroupPrice, Product, ProductImage, WishlistItem
from shop.common.columns import utcnow
from shop.customers.models import Address, Customer, CustomerGroup
from shop.identity.models import (
    CodePurpose,
    OneTimeCode,
    PendingSignUp,
    SignInSession,
    SingleUseToken,
    ThrottleEvent,
    TokenKind,
)
from shop.mail.models import OutboxEmail, OutboxStatus
from shop.merchants.models import AuditEvent, MerchantUser
from shop.orders.models import Order, OrderChannel, OrderLine, OrderStatus, OrderStatusEvent
from shop.settings.models import EmailVerification, RegistrationMode, StoreSettings

__all__ = [
    "Address", "AuditEvent", "CartItem", "CodePurpose", "Customer", "CustomerGroup", "CustomerPrice",
    "EmailVerification", "GroupPrice", "MerchantUser", "OneTimeCode", "Order", "OrderChannel",
    "OrderLine", "OrderStatus", "OrderStatusEvent", "OutboxEmail", "OutboxStatus", "PendingSignUp", "Product",
    "ProductImage", "RegistrationMode", "SignInSession", "SingleUseToken", "StoreSettings",
    "ThrottleEvent", "TokenKind", "WishlistItem", "utcnow",
]
