"""Every table of the shop; importing this package registers them all on SQLModel.metadata."""

from storefront.models.auth import (
    CodePurpose,
    OneTimeCode,
    PendingSignUp,
    SignInSession,
    SingleUseToken,
    ThrottleEvent,
    TokenKind,
)
from storefront.models.base import utcnow
from storefront.models.catalog import CustomerPrice, GroupPrice, Product, ProductImage
from storefront.models.customer import Address, Customer, CustomerGroup
from storefront.models.mail import OutboxEmail, OutboxStatus
from storefront.models.merchant import AuditEvent, MerchantUser
from storefront.models.order import Order, OrderChannel, OrderLine, OrderStatus, OrderStatusEvent
from storefront.models.settings import EmailVerification, RegistrationMode, StoreSettings
from storefront.models.shopping import CartItem, WishlistItem

__all__ = [
    "Address", "AuditEvent", "CartItem", "CodePurpose", "Customer", "CustomerGroup", "CustomerPrice",
    "EmailVerification", "GroupPrice", "MerchantUser", "OneTimeCode", "Order", "OrderChannel",
    "OrderLine", "OrderStatus", "OrderStatusEvent", "OutboxEmail", "OutboxStatus", "PendingSignUp", "Product",
    "ProductImage", "RegistrationMode", "SignInSession", "SingleUseToken", "StoreSettings",
    "ThrottleEvent", "TokenKind", "WishlistItem", "utcnow",
]
