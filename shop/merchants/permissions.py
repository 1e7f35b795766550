"""What each back-office user may do: every back-office handler asks here, on the server, each time."""

from __future__ import annotations

import enum

from shop.models import MerchantRole, MerchantUser


class Permission(enum.StrEnum):
    VIEW = "view"  # open back-office pages
    EDIT = "edit"  # change customers, orders, products and groups (not read-only staff)
    OWNER = "owner"  # export, delete and merge customers, settings, staff, see the shop as a customer


class PermissionDenied(Exception):
    """A merchant user asked for something their role does not allow."""

    def __init__(self, permission: Permission):
        super().__init__(permission.value)
        self.permission = permission


def allows(merchant: MerchantUser | None, permission: Permission) -> bool:
    if merchant is None or not merchant.is_active:
        return False
    if permission is Permission.VIEW:
        return True
    if merchant.role == MerchantRole.OWNER.value:
        return True
    return permission is Permission.EDIT and not merchant.read_only


def require(merchant: MerchantUser | None, permission: Permission) -> MerchantUser:
    """The merchant, when allowed; raises PermissionDenied otherwise."""
    if not allows(merchant, permission):
        raise PermissionDenied(permission)
    return merchant
