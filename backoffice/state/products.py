"""Products in the back-office: the list (search, category filter) and one product's page (its details and
images); /admin/products/new creates one."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn
from shop import routes
from shop.catalog import product_admin
from shop.catalog.product_admin import clean_category, image_url, money_input, valid_id
from shop.catalog.products import clean_search
from shop.common.formatting import format_money
from shop.common.validation import FieldError, FormErrors, is_checked
from shop.i18n import LANGUAGES, translate
from shop.merchants.permissions import Permission, PermissionDenied
from shop.models import MerchantUser, Product
from storefront import toasts
from storefront.state.app import language_var, messages

NEW = "new"
UPLOAD_ID = "product-images"
MAX_FILES_PER_UPLOAD = 5


def category_label(category: str, lang: str) -> str:
    """The shop's name for a known category, else the code the merchant typed."""
    if not category:
        return ""
    text = translate(lang, f"category.{category}")
    return category if text == f"category.{category}" else text


def product_row(item: product_admin.AdminProduct, lang: str) -> dict:
    product = item.product
    return {
        "id": product.id,
        "href": routes.with_id(routes.ADMIN_PRODUCT, product.id),
        "name": product.name,
        "sku": product.sku,
        "category": category_label(product.category, lang),
        "price": format_money(product.price_cents, product.currency, lang),
        "stock": product.stock,
        "active": translate(lang, "admin.catalog.yes" if product.is_active else "admin.catalog.no"),
        "image": image_url(item.image.path) if item.image else "",
        "image_alt": (item.image.alt or product.name) if item.image else "",
    }


class ProductsState(AdminState):
    """/admin/products: every product, searched by name or SKU, filtered by category."""

    _rows_by_lang: dict[str, list[dict]] = {}
    search: str = ""
    category: str = ""
    categories: list[str] = []

    @language_var
    def rows(self) -> list[dict]:
        return self._rows_by_lang.get(self.language, [])

    def _load(self, db: Session, merchant: MerchantUser):
        self.categories = product_admin.all_categories(db)
        self._fill(db)

    def _fill(self, db: Session) -> None:
        found = product_admin.list_products(db, search=self.search, category=self.category)
        self._rows_by_lang = {lang: [product_row(item, lang) for item in found] for lang in LANGUAGES}

    def filter_products(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        search = clean_search(form_data.get("search"))
        try:
            category = clean_category(form_data.get("category"))
        except FieldError:
            category = ""
        category = "" if category == "all" else category
        self.search, self.category = search, category
        try:
            self._as_merchant(Permission.VIEW, lambda db, merchant: self._fill(db))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)


class ProductState(AdminState):
    """/admin/products/[id] (and /admin/products/new)."""

    found: bool = False
    is_new: bool = False
    product_id: int = 0
    values: dict[str, str | bool] = {}
    _errors: dict[str, str] = {}
    _image_error: str = ""
    form_key: int = 0
    _stock_shown: int = -1  # the stock the form was filled with (-1: none yet)
    images: list[dict] = []
    categories: list[str] = []
    storefront_href: str = ""
    uploading: bool = False

    @language_var
    def errors(self) -> dict[str, str]:
        return messages(self._errors, self.language)

    @language_var
    def image_error(self) -> str:
        return translate(self.language, self._image_error) if self._image_error else ""

    def _load(self, db: Session, merchant: MerchantUser):
        self._errors, self._image_error = {}, ""
        raw = self._last_path_segment()
        self.categories = product_admin.all_categories(db)
        if raw == NEW:
            self.found, self.is_new, self.product_id, self.images, self.storefront_href = True, True, 0, [], ""
            self.values = {"name": "", "name_fr": "", "description": "", "description_fr": "", "price": "",
                           "stock": "0", "category": "", "sku": "", "slug": "", "is_active": True}
            self.form_key += 1
            return
        try:
            product = product_admin.get_product(db, raw)
        except LookupError:
            self.found, self.is_new, self.product_id = False, False, 0
            return
        self._fill(db, product)

    def _fill(self, db: Session, product: Product) -> None:
        self.found, self.is_new, self.product_id = True, False, product.id
        self.values = {"name": product.name, "name_fr": product.name_fr, "description": product.description,
                       "description_fr": product.description_fr, "price": money_input(product.price_cents),
                       "stock": str(product.stock), "category": product.category, "sku": product.sku,
                       "slug": product.slug, "is_active": product.is_active}
        self._stock_shown = product.stock
        self.storefront_href = routes.product_url(product.slug) if product.is_active else ""
        self.form_key += 1
        self._fill_images(db)

    def _fill_images(self, db: Session) -> None:
        rows = product_admin.images_of(db, self.product_id)
        self.images = [{"id": image.id, "src": image_url(image.path), "alt": image.alt, "first": index == 0,
                        "last": index == len(rows) - 1} for index, image in enumerate(rows)]

    def save_product(self, form_data: dict):
        if not isinstance(form_data, dict) or not (self.is_new or self.product_id):
            return
        product_id = None if self.is_new else self.product_id
        stock_shown = self._stock_shown if self._stock_shown >= 0 else None

        def save(db: Session, merchant: MerchantUser):
            product = product_admin.save_product(db, product_id, form_data, merchant_user_id=merchant.id,
                                                 stock_shown=stock_shown)
            self.categories = product_admin.all_categories(db)
            self._fill(db, product)
            return product.id

        try:
            saved_id = self._as_merchant(Permission.EDIT, save)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            return toasts.error(self._t("admin.product.gone"))
        except FormErrors as error:
            self._errors = error.errors
            return
        except product_admin.StockMoved as moved:
            self._show_current_stock(form_data, moved.current)
            return
        self._errors = {}
        if product_id is None:
            return [toasts.success(self._t("admin.product.created")),
                    rx.redirect(routes.with_id(routes.ADMIN_PRODUCT, saved_id))]
        return toasts.success(self._t("admin.product.saved"))

    def _show_current_stock(self, form_data: dict, current: int) -> None:
        """The form again as the merchant typed it, but with the stock as it is now, and why."""
        typed = {name: value for name, value in form_data.items()
                 if name in self.values and isinstance(value, str) and len(value) <= 5000}
        self.values = {**self.values, **typed, "is_active": is_checked(form_data.get("is_active")),
                       "stock": str(current)}
        self._stock_shown = current
        self._errors = {"stock": "admin.catalog.error.stock_moved"}
        self.form_key += 1

    async def upload_images(self, files: list[rx.UploadFile]):
        """Images chosen in the upload box: JPEG, PNG or WebP (checked from their bytes), 5 MB at most each."""
        if not self.product_id or not isinstance(files, list):
            return
        product_id, upload_dir = self.product_id, rx.get_upload_dir()
        try:  # refuse before reading any bytes
            self._as_merchant(Permission.EDIT, lambda db, merchant: product_admin.get_product(db, product_id))
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except LookupError:
            return
        stored: list[str] = []
        try:
            for file in files[:MAX_FILES_PER_UPLOAD]:
                if file.size is not None and file.size > product_admin.MAX_IMAGE_BYTES:
                    raise FieldError("images", "admin.catalog.error.image_too_large")
                data = await file.read(product_admin.MAX_IMAGE_BYTES + 1)
                stored.append(product_admin.store_image_file(upload_dir, data))

            def add(db: Session, merchant: MerchantUser):
                for name in stored:
                    product_admin.add_image(db, product_id, name, "", merchant_user_id=merchant.id)
                db.flush()
                self._fill_images(db)

            self._as_merchant(Permission.EDIT, add)
        except FieldError as error:
            for name in stored:
                product_admin.delete_upload(upload_dir, name)
            self._image_error = error.key
            return rx.clear_selected_files(UPLOAD_ID)
        except (NotSignedIn, PermissionDenied, LookupError) as error:
            for name in stored:
                product_admin.delete_upload(upload_dir, name)
            return self._refusal(error) if not isinstance(error, LookupError) else None
        self._image_error = ""
        return [rx.clear_selected_files(UPLOAD_ID), toasts.success(self._t("admin.product.images_added"))]

    def _image_action(self, work, toast_key: str | None = None):
        if not self.product_id:
            return
        try:
            self._as_merchant(Permission.EDIT, work)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        except FieldError as error:
            self._image_error = error.key
            return
        except (LookupError, ValueError):
            return
        self._image_error = ""
        return toasts.success(self._t(toast_key)) if toast_key else None

    def move_image(self, image_id: int, direction: str):
        checked = valid_id(image_id)
        if checked is None or direction not in ("up", "down"):
            return
        product_id = self.product_id

        def move(db: Session, merchant: MerchantUser):
            product_admin.move_image(db, product_id, checked, direction)
            db.flush()
            self._fill_images(db)

        return self._image_action(move)

    def remove_image(self, image_id: int):
        checked = valid_id(image_id)
        if checked is None:
            return
        product_id, removed = self.product_id, []

        def remove(db: Session, merchant: MerchantUser):
            removed.append(product_admin.remove_image(db, product_id, checked, merchant_user_id=merchant.id))
            db.flush()
            self._fill_images(db)

        answer = self._image_action(remove, "admin.product.image_removed")
        if removed:
            product_admin.delete_upload(rx.get_upload_dir(), removed[0])
        return answer

    def save_alt(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        checked = valid_id(form_data.get("image_id"))
        if checked is None:
            return
        product_id = self.product_id

        def save(db: Session, merchant: MerchantUser):
            product_admin.set_image_alt(db, product_id, checked, form_data.get("alt"))
            db.flush()
            self._fill_images(db)

        return self._image_action(save, "admin.product.alt_saved")
