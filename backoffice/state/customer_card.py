"""/admin/customers/[id]: the customer card, and /admin/customers/new. Thin: who asks, the service, the view vars."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.common.formatting import format_day, format_moment, format_money
from shop.common.validation import FormErrors
from shop.customers import addresses as address_book
from shop.customers import card as card_model
from shop.customers import merchant_addresses, merchant_edits, notes
from shop.customers.profile import own_customer
from shop.i18n import CATALOGUES, LANGUAGES, translate
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser
from storefront import toasts
from storefront.state.app import language_var, messages

MAX_ID = 10**12
DEFAULT_COUNTRY = "FR"


def _id_from_path(path: str) -> int | None:
    """The id in /admin/customers/<id>, or None when it is not a plain number."""
    raw = path.rstrip("/").removeprefix(routes.ADMIN_CUSTOMERS).strip("/")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return None
    value = int(raw)
    return value if 0 < value < MAX_ID else None


def _event_sentence(kind: str, lang: str) -> str:
    key = f"admin.card.event.{kind}"
    return translate(lang, key if key in CATALOGUES[lang] else "admin.card.event.other")


def _timeline_row(entry: card_model.TimelineEntry, lang: str) -> dict:
    if entry.kind == "order":
        text = translate(lang, "admin.card.timeline.order", number=entry.text,
                         total=format_money(entry.amount_cents, entry.currency, lang),
                         status=translate(lang, f"status.{entry.code}"))
    elif entry.kind == "email":
        text = translate(lang, "admin.card.timeline.email", subject=entry.text)
    elif entry.kind == "note":
        text = translate(lang, "admin.card.timeline.note", author=entry.author or "—")
    else:
        text = _event_sentence(entry.code, lang)
    return {"when": format_moment(entry.at, lang), "kind": entry.kind, "text": text,
            "body": entry.text if entry.kind == "note" else ""}


def card_view(found: card_model.CustomerCard, lang: str) -> dict:
    """What the card shows that depends on the language: dates, addresses, orders, the timeline."""
    customer = found.customer
    return {
        "created": format_moment(customer.created_at, lang),
        "modified": format_moment(customer.updated_at, lang),
        "source": translate(lang, f"admin.card.source.{customer.source}")
        if f"admin.card.source.{customer.source}" in CATALOGUES[lang] else customer.source,
        "addresses": [
            {**address_book.address_dict(address, lang), "billing": address.is_default_billing,
             "shipping": address.is_default_shipping}
            for address in found.addresses
        ],
        "orders": [
            {"number": order.number, "date": format_day(order.placed_at, lang), "status": order.status,
             "total": format_money(order.total_cents, order.currency, lang),
             "href": routes.with_id(routes.ADMIN_ORDER, order.number)}
            for order in found.orders
        ],
        "timeline": [_timeline_row(entry, lang) for entry in found.timeline],
    }


def form_values(found: card_model.CustomerCard) -> dict:
    customer = found.customer
    return {
        "id": str(customer.id),
        "customer_number": customer.customer_number,
        "own_number": customer.own_number or "",
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "full_name": customer.full_name or customer.email,
        "company": customer.company,
        "vat_number": customer.vat_number,
        "phone": customer.phone,
        "language": customer.language if customer.language in LANGUAGES else LANGUAGES[0],
        "group_id": str(customer.group_id or ""),
        "newsletter": bool(customer.newsletter_opt_in),
        "tax_exempt": bool(customer.tax_exempt),
        "pay_on_invoice": bool(customer.pay_on_invoice),
    }


class CustomerCardState(AdminState):
    _customer_id: int = 0
    found: bool = False
    values: dict[str, str | bool] = {}
    groups: list[dict[str, str]] = []
    blocked: bool = False
    approved: bool = False
    verified: bool = False
    has_password: bool = False
    _views_by_lang: dict[str, dict] = {}
    _errors: dict[str, str] = {}
    _note_errors: dict[str, str] = {}
    _invite_errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a load, so the uncontrolled inputs take the new values
    note_key: int = 0
    invite_open: bool = False
    invite_message: str = ""
    invite_key: int = 0
    working: bool = False
    # The address form: closed, a new address (editing id 0), or one of this customer's addresses.
    address_form_open: bool = False
    address_editing_id: int = 0
    address_country: str = DEFAULT_COUNTRY
    address_values: dict[str, str] = {}
    _address_errors: dict[str, str] = {}
    address_key: str = "new-FR"  # changes whenever the form must start afresh, so its inputs remount

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def address_errors(self) -> dict[str, str]:
        return messages(self._address_errors, self.language)

    @language_var
    def address_spec(self) -> dict:
        """The chosen country's fields, in its order and with its labels."""
        return address_book.address_form(self.address_country, self.language)

    @language_var
    def note_errors(self) -> dict[str, str]:
        return messages(self._note_errors, self.language)

    @language_var
    def invite_errors(self) -> dict[str, str]:
        return messages(self._invite_errors, self.language)

    @language_var
    def view(self) -> dict[str, str]:
        found = self._views_by_lang.get(self.language, {})
        return {key: found.get(key, "") for key in ("created", "modified", "source")}

    @language_var
    def addresses(self) -> list[dict]:
        return self._views_by_lang.get(self.language, {}).get("addresses", [])

    @language_var
    def orders(self) -> list[dict[str, str]]:
        return self._views_by_lang.get(self.language, {}).get("orders", [])

    @language_var
    def timeline(self) -> list[dict[str, str]]:
        return self._views_by_lang.get(self.language, {}).get("timeline", [])

    @rx.var
    def links(self) -> dict[str, str]:
        """The pages of this customer that other screens offer."""
        if not self.found:
            return {}
        return {name: routes.with_id(route, self._customer_id) for name, route in (
            ("prices", routes.ADMIN_CUSTOMER_PRICES), ("delete", routes.ADMIN_CUSTOMER_DELETE),
            ("merge", routes.ADMIN_CUSTOMER_MERGE), ("preview", routes.ADMIN_CUSTOMER_PREVIEW))}

    def _apply(self, found: card_model.CustomerCard | None) -> None:
        if found is None:
            self._customer_id, self.found = 0, False
            self.values, self.groups, self._views_by_lang = {}, [], {}
            return
        customer = found.customer
        self._customer_id, self.found = customer.id, True
        self.values = form_values(found)
        self.groups = [{"id": str(group.id), "name": group.name} for group in found.groups]
        self.blocked, self.approved = bool(customer.is_blocked), bool(customer.approved_buyer)
        self.verified, self.has_password = customer.email_verified_at is not None, bool(customer.password_hash)
        self._views_by_lang = {lang: card_view(found, lang) for lang in LANGUAGES}
        self.form_key += 1

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self._note_errors, self._invite_errors = {}, {}, {}
        self.invite_open, self.working = False, False
        self.address_form_open, self._address_errors = False, {}
        customer_id = _id_from_path(self.rx_router_url.path)
        try:
            self._apply(card_model.customer_card(db, customer_id) if customer_id else None)
        except LookupError:
            self._apply(None)

    def _act(self, permission: Permission, action):
        """One transaction: who asks, the action on this card's customer, and the card read again."""
        customer_id = self._customer_id

        def work(db: Session, merchant: MerchantUser):
            result = action(db, merchant, customer_id)
            return result, card_model.customer_card(db, customer_id)

        result, found = self._as_merchant(permission, work)
        self._apply(found)
        return result

    def _refused(self, error: Exception):
        if isinstance(error, LookupError):
            self._apply(None)
            return toasts.error(self._t("admin.card.not_found"))
        if isinstance(error, merchant_edits.CustomerBlocked):
            return toasts.error(self._t("admin.card.refused_blocked"))
        return self._refusal(error)

    def save(self, form_data: dict):
        if not isinstance(form_data, dict) or not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_edits.update_customer(db, customer_id, form_data, merchant))
        except FormErrors as error:
            self._errors = error.errors
            return
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._refused(error)
        self._errors = {}
        return toasts.success(self._t("admin.card.saved"))

    def add_note(self, form_data: dict):
        if not isinstance(form_data, dict) or not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      notes.add_note(db, customer_id, form_data.get("body"), merchant))
        except FormErrors as error:
            self._note_errors = error.errors
            return
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._refused(error)
        self._note_errors = {}
        self.note_key += 1
        return toasts.success(self._t("admin.card.note_added"))

    def set_blocked(self, blocked: bool):
        if not isinstance(blocked, bool) or not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_edits.set_blocked(db, customer_id, blocked, merchant))
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._refused(error)
        return toasts.success(self._t("admin.card.blocked_done" if blocked else "admin.card.unblocked_done"))

    def set_approved(self, approved: bool):
        if not isinstance(approved, bool) or not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_edits.set_approved(db, customer_id, approved, merchant))
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._refused(error)
        return toasts.success(self._t("admin.card.approved_done" if approved
                                        else "admin.card.approval_withdrawn_done"))

    def open_invitation(self):
        """The dialog, with the usual invitation text in the customer's language, ready to edit."""
        if not self._customer_id:
            return
        customer_id = self._customer_id

        def prefill(db: Session, merchant: MerchantUser):
            customer = own_customer(db, customer_id)
            if customer.is_blocked:
                raise merchant_edits.CustomerBlocked()
            return merchant_edits.invitation_text(db, customer)

        try:
            self.invite_message = self._as_merchant(Permission.EDIT, prefill)
        except (NotSignedIn, PermissionDenied, LookupError, merchant_edits.CustomerBlocked) as error:
            return self._refused(error)
        self._invite_errors = {}
        self.invite_key += 1
        self.invite_open = True

    def invitation_open_changed(self, is_open: bool):
        """Escape or a click outside closes the dialog; it opens only with open_invitation."""
        if is_open is False:
            self.close_invitation()

    def close_invitation(self):
        self.invite_open = False
        self._invite_errors = {}

    def send_invitation(self, form_data: dict):
        if not isinstance(form_data, dict) or not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_edits.send_invitation(db, customer_id, form_data.get("message"), merchant))
        except FormErrors as error:
            self._invite_errors = error.errors
            return
        except (NotSignedIn, PermissionDenied, LookupError, merchant_edits.CustomerBlocked) as error:
            return self._refused(error)
        self._invite_errors = {}
        self.invite_open = False
        return toasts.success(self._t("admin.card.invited_done"))

    def send_password_reset(self):
        if not self._customer_id:
            return
        try:
            sent = self._act(Permission.EDIT, lambda db, merchant, customer_id:
                             merchant_edits.send_password_reset(db, customer_id, merchant))
        except (NotSignedIn, PermissionDenied, LookupError, merchant_edits.CustomerBlocked) as error:
            return self._refused(error)
        if not sent:
            return toasts.warning(self._t("admin.card.reset_wait"))
        return toasts.success(self._t("admin.card.reset_done"))

    # --- the address book ---

    def open_new_address(self):
        if not self._customer_id or not self.can_edit:
            return
        self.address_editing_id, self.address_values, self._address_errors = 0, {}, {}
        self.address_country = DEFAULT_COUNTRY
        self.address_key = f"new-{DEFAULT_COUNTRY}"
        self.address_form_open = True

    def open_address(self, address_id: int):
        """The form filled with one of the addresses on this card (nothing for any other id)."""
        if type(address_id) is not int or not self._customer_id or not self.can_edit:
            return
        found = next((row for row in self.addresses if row.get("id") == address_id), None)
        if found is None:
            return
        self.address_editing_id, self._address_errors = address_id, {}
        self.address_country = found["country_code"]
        self.address_values = {key: value for key, value in found.items() if isinstance(value, str)}
        self.address_key = f"{address_id}-{self.address_country}"
        self.address_form_open = True

    def choose_address_country(self, country_code: str):
        if not isinstance(country_code, str) or country_code not in address_book.known_country_codes():
            return
        self.address_country = country_code
        self.address_key = f"{self.address_editing_id}-{country_code}"
        self._address_errors = {}

    def close_address_form(self):
        self.address_form_open, self._address_errors = False, {}

    def _address_refused(self, error: Exception):
        if isinstance(error, address_book.AddressNotFound):
            return toasts.error(self._t("address.error.not_found"))
        return self._refused(error)

    def save_address(self, form_data: dict):
        if not isinstance(form_data, dict) or not self._customer_id:
            return
        payload = {**form_data, "country_code": self.address_country}
        editing = self.address_editing_id

        def save(db: Session, merchant: MerchantUser, customer_id: int):
            if editing:
                return merchant_addresses.update_address(db, customer_id, editing, payload, merchant)
            return merchant_addresses.add_address(db, customer_id, payload, merchant)

        try:
            self._act(Permission.EDIT, save)
        except FormErrors as error:
            self._address_errors = error.errors
            self.address_values = {key: value for key, value in payload.items()
                                   if isinstance(key, str) and isinstance(value, str) and len(value) <= 400}
            return
        except address_book.AddressNotFound as error:
            self.address_form_open = False
            return self._address_refused(error)
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._refused(error)
        self.address_form_open, self._address_errors = False, {}
        return toasts.success(self._t("admin.card.address_saved"))

    def delete_address(self, address_id: int):
        if not self._customer_id:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_addresses.delete_address(db, customer_id, address_id, merchant))
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._address_refused(error)
        if self.address_editing_id == address_id:
            self.address_form_open = False
        return toasts.success(self._t("admin.card.address_deleted"))

    def set_default_address(self, address_id: int, kind: str):
        if not self._customer_id or kind not in address_book.DEFAULT_KINDS:
            return
        try:
            self._act(Permission.EDIT, lambda db, merchant, customer_id:
                      merchant_addresses.set_default(db, customer_id, address_id, kind, merchant))
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            return self._address_refused(error)
        return toasts.success(self._t("admin.card.address_default_" + kind))


class NewCustomerState(AdminState):
    groups: list[dict[str, str]] = []
    send_invitation: bool = True
    _errors: dict[str, str] = {}
    form_key: int = 0
    creating: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self.send_invitation, self.creating = {}, True, False
        self.groups = [{"id": str(group.id), "name": group.name} for group in card_model.group_choices(db)]
        self.form_key += 1

    def set_invitation(self, checked: bool):
        if isinstance(checked, bool):
            self.send_invitation = checked

    def create(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        try:
            created = self._as_merchant(Permission.EDIT, lambda db, merchant:
                                        merchant_edits.create_customer(db, form_data, merchant))
        except FormErrors as error:
            self._errors = error.errors
            return
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        self._errors = {}
        return [rx.redirect(routes.with_id(routes.ADMIN_CUSTOMER, created.customer.id)),
                toasts.success(self._t("admin.new.created_invited" if created.invited else "admin.new.created"))]
