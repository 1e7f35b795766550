"""A merchant changing a customer's address book from the customer card: the customer's own rules
(shop.customers.addresses), on the card's customer only, each change in the audit trail."""

from __future__ import annotations

from sqlmodel import Session

from shop.common import audit
from shop.customers import addresses
from shop.customers.profile import own_customer
from shop.models import Address, MerchantUser


def _record(db: Session, kind: str, customer_id: int, merchant: MerchantUser, address: Address) -> None:
    # The id and the country only: the address itself stays in the address book, not in the trail.
    audit.record(db, f"customer.address_{kind}", customer_id=customer_id, merchant_user_id=merchant.id,
                 detail=f"address {address.id} {address.country_code}")


def add_address(db: Session, customer_id: object, form: object, merchant: MerchantUser) -> Address:
    """A new address for the customer (LookupError for an unknown customer, FormErrors to fix)."""
    customer = own_customer(db, customer_id)
    address = addresses.create_address(db, customer.id, form)
    _record(db, "added", customer.id, merchant, address)
    return address


def update_address(db: Session, customer_id: object, address_id: object, form: object,
                   merchant: MerchantUser) -> Address:
    """AddressNotFound unless the address is this customer's."""
    customer = own_customer(db, customer_id)
    address = addresses.update_address(db, customer.id, address_id, form)
    _record(db, "updated", customer.id, merchant, address)
    return address


def delete_address(db: Session, customer_id: object, address_id: object, merchant: MerchantUser) -> None:
    """As the customer's own delete: orders keep their copy of the address; a default passes on."""
    customer = own_customer(db, customer_id)
    address = addresses.get_address(db, customer.id, address_id)
    _record(db, "deleted", customer.id, merchant, address)
    addresses.delete_address(db, customer.id, address.id)


def set_default(db: Session, customer_id: object, address_id: object, kind: object,
                merchant: MerchantUser) -> Address:
    """The customer's one default address for `kind` (billing or shipping; ValueError for anything else)."""
    if kind not in addresses.DEFAULT_KINDS:
        raise ValueError(f"unknown default kind {kind!r}")
    customer = own_customer(db, customer_id)
    address = addresses.set_default(db, customer.id, address_id, kind)
    _record(db, f"default_{kind}", customer.id, merchant, address)
    return address
