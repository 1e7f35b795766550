"""The back-office's side of the catalogue: checking and saving a product, its images, and money typed by a person."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from shop.common import audit
from shop.common.validation import FieldError, FormErrors, clean_text, form_value, is_checked
from shop.models import Product, ProductImage

MAX_PRICE_CENTS = 1_000_000_00  # a million: a typo above that is not a price
MAX_STOCK = 1_000_000
MAX_SEARCH = 100
MAX_IMAGES = 12
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Uploaded images are stored in Reflex's upload directory and served under /_upload/ (see image_url).
UPLOAD_PREFIX = "_upload/"
MONEY = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CATEGORY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UPLOAD_NAME = re.compile(r"^[0-9a-f]{32}\.(?:jpg|png|webp)$")


def parse_money(raw: object, field: str = "price") -> int:
    """"12.50", "12,50", "12" or "€ 12.50" -> 1250 cents; FieldError otherwise."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise FieldError(field, "admin.catalog.error.money")
    text = str(raw).strip().replace("€", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    match = MONEY.match(text) if len(text) <= 20 else None
    if match is None:
        raise FieldError(field, "admin.catalog.error.money")
    cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if cents > MAX_PRICE_CENTS:
        raise FieldError(field, "admin.catalog.error.money")
    return cents


def money_input(cents: int) -> str:
    """The value a money field starts with: "12.50"."""
    return f"{Decimal(cents) / 100:.2f}"


def parse_stock(raw: object, field: str = "stock") -> int:
    if isinstance(raw, bool):
        raise FieldError(field, "admin.catalog.error.stock")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", raw):
        value = int(raw)
    else:
        raise FieldError(field, "admin.catalog.error.stock")
    if not 0 <= value <= MAX_STOCK:
        raise FieldError(field, "admin.catalog.error.stock")
    return value


def clean_category(raw: object) -> str:
    """A category code ("ceramics", "table-linen"): lower case, spaces become hyphens; "" for none."""
    value = clean_text(raw, "category", max_length=40).lower().replace(" ", "-")
    if value and not CATEGORY.match(value):
        raise FieldError("category", "admin.catalog.error.category")
    return value


def valid_id(raw: object) -> int | None:
    """An id from a browser: a positive int (or its digits), else None."""
    if isinstance(raw, str) and raw.isdigit() and len(raw) <= 18:
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**63:
        return raw
    return None


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminProduct:
    product: Product
    image: ProductImage | None


def image_url(path: str) -> str:
    """Where the browser finds an image: assets are served from the root, uploads under /_upload/."""
    return "/" + path.lstrip("/")


def list_products(db: Session, *, search: str = "", category: str = "", limit: int = 200) -> list[AdminProduct]:
    """Every product (active or not), matching every word searched in the name or SKU, in a category."""
    query = select(Product)
    for word in search.split()[:5]:
        pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(*(func.lower(column).like(pattern, escape="\\")
                                  for column in (Product.name, Product.name_fr, Product.sku))))
    if category:
        query = query.where(Product.category == category)
    products = list(db.exec(query.order_by(Product.category, Product.name, Product.id).limit(limit)))
    ids = [product.id for product in products]
    images: dict[int, ProductImage] = {}
    if ids:
        for image in db.exec(select(ProductImage).where(ProductImage.product_id.in_(ids))
                             .order_by(ProductImage.position, ProductImage.id)):
            images.setdefault(image.product_id, image)
    return [AdminProduct(product, images.get(product.id)) for product in products]


def all_categories(db: Session) -> list[str]:
    return list(db.exec(select(Product.category).where(Product.category != "").distinct()
                        .order_by(Product.category)))


def get_product(db: Session, product_id: object) -> Product:
    """LookupError for an unknown or forged id."""
    checked = valid_id(product_id)
    product = db.get(Product, checked) if checked is not None else None
    if product is None:
        raise LookupError("no such product")
    return product


def images_of(db: Session, product_id: int) -> list[ProductImage]:
    return list(db.exec(select(ProductImage).where(ProductImage.product_id == product_id)
                        .order_by(ProductImage.position, ProductImage.id)))


# --- saving ----------------------------------------------------------------------------------------------------

TEXT_FIELDS = {"name": 200, "name_fr": 200}
LONG_FIELDS = {"description": 5000, "description_fr": 5000}


def _clean_long_text(raw: object, field: str, max_length: int) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise FieldError(field, "error.invalid")
    value = raw.replace("\r\n", "\n").strip()
    if len(value) > max_length:
        raise FieldError(field, "error.too_long")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise FieldError(field, "error.invalid")
    return value


class StockMoved(Exception):
    """Orders or cancellations changed the stock since the form showed it, and the form changes it too."""

    def __init__(self, current: int):
        super().__init__(current)
        self.current = current


def save_product(db: Session, product_id: int | None, form: object, *, merchant_user_id: int,
                 stock_shown: int | None = None) -> Product:
    """Create (`product_id` None) or update a product from a form; FormErrors names every wrong field.
    Only the listed fields are read from the form.

    `stock_shown` is the stock the form was opened with. Left as it was, the stock is not written, so the
    orders and cancellations since then stand; changed, it is written only if the stock has not moved
    meanwhile (StockMoved otherwise: the merchant's count and the shop's would both be lost)."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(field: str, clean):
        try:
            values[field] = clean(form_value(form, field))
        except FieldError as error:
            errors[error.field] = error.key

    check("name", lambda raw: clean_text(raw, "name", max_length=200, required=True))
    check("name_fr", lambda raw: clean_text(raw, "name_fr", max_length=200))
    check("description", lambda raw: _clean_long_text(raw, "description", 5000))
    check("description_fr", lambda raw: _clean_long_text(raw, "description_fr", 5000))
    check("price", parse_money)
    check("stock", parse_stock)
    check("category", clean_category)
    check("sku", lambda raw: clean_text(raw, "sku", max_length=40, required=True))
    check("slug", lambda raw: clean_text(raw, "slug", max_length=120, required=True).lower())
    if "sku" in values and not SKU.match(values["sku"]):
        errors["sku"] = "admin.catalog.error.sku"
    if "slug" in values and not SLUG.match(values["slug"]):
        errors["slug"] = "admin.catalog.error.slug"
    product = get_product(db, product_id) if product_id is not None else None
    for field, column in (("sku", Product.sku), ("slug", Product.slug)):
        if field in values and field not in errors:
            taken = db.exec(select(Product.id).where(func.lower(column) == values[field].lower())).first()
            if taken is not None and (product is None or taken != product.id):
                errors[field] = f"admin.catalog.error.{field}_taken"
    if errors:
        raise FormErrors(errors)
    if product is None:
        product = Product(slug=values["slug"], sku=values["sku"], name=values["name"], price_cents=values["price"])
    was_sold_out = product.id is not None and product.stock <= 0
    if product.id is None or stock_shown is None:
        product.stock = values["stock"]
    elif values["stock"] != stock_shown:
        # One conditional write: a checkout that takes stock between a read and this write is not undone.
        written = db.exec(update(Product).where(Product.id == product.id, Product.stock == stock_shown)
                          .values(stock=values["stock"]).execution_options(synchronize_session=False))
        if written.rowcount != 1:
            db.refresh(product)
            raise StockMoved(product.stock)
        set_committed_value(product, "stock", values["stock"])
    product.name, product.name_fr = values["name"], values["name_fr"]
    product.description, product.description_fr = values["description"], values["description_fr"]
    product.price_cents, product.category = values["price"], values["category"]
    product.sku, product.slug = values["sku"], values["slug"]
    product.is_active = is_checked(form_value(form, "is_active"))
    db.add(product)
    db.flush()
    # Back in stock: the housekeeping's minutely pass (stock_alerts.notify_returned) emails who asked.
    detail = f"product {product.id} {product.sku}" + (" back in stock" if was_sold_out and product.stock > 0 else "")
    audit.record(db, "product_created" if product_id is None else "product_saved", merchant_user_id=merchant_user_id,
                 detail=detail)
    return product


# --- images ----------------------------------------------------------------------------------------------------

IMAGE_SIGNATURES = (("jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
                    ("png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
                    ("webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"))


def image_kind(data: bytes) -> str:
    """"jpg", "png" or "webp" from the file's first bytes (never from its name); FieldError otherwise."""
    if len(data) > MAX_IMAGE_BYTES:
        raise FieldError("images", "admin.catalog.error.image_too_large")
    for kind, matches in IMAGE_SIGNATURES:
        if matches(data[:16]):
            return kind
    raise FieldError("images", "admin.catalog.error.image_type")


def store_image_file(upload_dir: Path, data: bytes) -> str:
    """Write a checked image under a random name in the upload directory; returns the name."""
    kind = image_kind(data)
    name = f"{secrets.token_hex(16)}.{kind}"
    upload_dir.mkdir(parents=True, exist_ok=True)
    (upload_dir / name).write_bytes(data)
    return name


def add_image(db: Session, product_id: object, file_name: str, alt: str, *, merchant_user_id: int) -> ProductImage:
    product = get_product(db, product_id)
    if not UPLOAD_NAME.match(file_name):
        raise ValueError("not a stored upload name")
    existing = images_of(db, product.id)
    if len(existing) >= MAX_IMAGES:
        raise FieldError("images", "admin.catalog.error.too_many_images")
    image = ProductImage(product_id=product.id, path=UPLOAD_PREFIX + file_name,
                         alt=clean_text(alt, "alt", max_length=200) or product.name[:200],
                         position=max((row.position for row in existing), default=-1) + 1)
    db.add(image)
    db.flush()
    audit.record(db, "product_image_added", merchant_user_id=merchant_user_id,
                 detail=f"product {product.id} image {image.id}")
    return image


def _image_of(db: Session, product_id: object, image_id: object) -> tuple[Product, ProductImage]:
    product = get_product(db, product_id)
    checked = valid_id(image_id)
    image = db.get(ProductImage, checked) if checked is not None else None
    if image is None or image.product_id != product.id:
        raise LookupError("no such image")
    return product, image


def set_image_alt(db: Session, product_id: object, image_id: object, alt: object) -> ProductImage:
    _, image = _image_of(db, product_id, image_id)
    image.alt = clean_text(alt, "alt", max_length=200)
    db.add(image)
    return image


def move_image(db: Session, product_id: object, image_id: object, direction: object) -> None:
    """Swap the image with its neighbour, "up" (earlier, shown first) or "down"."""
    if direction not in ("up", "down"):
        raise ValueError("direction")
    product, image = _image_of(db, product_id, image_id)
    images = images_of(db, product.id)
    index = next(i for i, row in enumerate(images) if row.id == image.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(images):
        return
    images[index], images[other] = images[other], images[index]
    for position, row in enumerate(images):  # renumbered: old rows may share a position
        if row.position != position:
            row.position = position
            db.add(row)


def remove_image(db: Session, product_id: object, image_id: object, *, merchant_user_id: int) -> str | None:
    """Delete the image row; returns the uploaded file's name to delete after the commit (None for an asset)."""
    product, image = _image_of(db, product_id, image_id)
    path = image.path
    db.delete(image)
    audit.record(db, "product_image_removed", merchant_user_id=merchant_user_id,
                 detail=f"product {product.id} image {image.id}")
    name = path.removeprefix(UPLOAD_PREFIX)
    return name if path.startswith(UPLOAD_PREFIX) and UPLOAD_NAME.match(name) else None


def delete_upload(upload_dir: Path, name: str | None) -> None:
    """Remove a file this module stored (only names it makes), if no row still uses it."""
    if name and UPLOAD_NAME.match(name):
        (upload_dir / name).unlink(missing_ok=True)
