"""The back-office's customer groups and products, as the shop owner (and read-only staff) use them."""

from __future__ import annotations

import re
import struct
import uuid
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from shop.models import Customer, CustomerGroup, GroupPrice, Product
from tests.e2e.helpers import create_customer, create_merchant, sign_in_merchant
from tests.e2e.pages import ProductPage
from tests.e2e.pages.admin_catalog import GroupDetailPage, GroupsListPage, ProductEditPage, ProductsListPage


def tiny_png(path: Path, rgb: tuple[int, int, int] = (143, 166, 138), size: int = 8) -> Path:
    """A real PNG image, made without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


@pytest.fixture
def new_product(shop_db):
    """A product of this test; taken off sale afterwards, so the catalogue other tests see stays the demo's."""
    made: list[int] = []

    def make(**values) -> Product:
        tag = uuid.uuid4().hex[:8]
        with Session(shop_db, expire_on_commit=False) as db:
            product = Product(slug=f"test-vase-{tag}", sku=f"T-{tag}", name=f"Test vase {tag}",
                              category="ceramics", price_cents=2500, stock=0, **values)
            db.add(product)
            db.commit()
            made.append(product.id)
            return product

    yield make
    with Session(shop_db) as db:
        for product_id in made:
            product = db.get(Product, product_id)
            product.is_active = False
            db.add(product)
        db.commit()


def test_owner_creates_prices_renames_and_deletes_a_group(page: Page, shop_db, new_product):
    sign_in_merchant(page, create_merchant(shop_db))
    name = f"Trade {uuid.uuid4().hex[:6]}"
    product = new_product()
    groups = GroupsListPage(page).goto()
    group = groups.create_group(name, "-10")
    expect(group.main.get_by_text("10 % discount", exact=True)).to_be_visible()
    group.set_price(f"{product.name} ({product.sku})", "12,50")
    expect(group.price_row(product.name)).to_contain_text("€12.50")
    # A customer joins (on their customer page, another screen): here, straight in the database.
    with Session(shop_db) as db:
        group_id = db.exec(select(CustomerGroup.id).where(CustomerGroup.name == name)).one()
    member = create_customer(shop_db, "member", group=name, first_name="Margaux", last_name="Vidal")
    group.open(str(group_id))
    expect(group.main.get_by_text("Members: 1")).to_be_visible()
    expect(group.link("Margaux Vidal")).to_have_attribute("href", f"/admin/customers/{member.id}")
    renamed = name + " renamed"
    group.rename(renamed)
    confirm = group.open_delete()
    expect(confirm.main).to_contain_text(f"Delete the group “{renamed}”?")
    expect(confirm.main).to_contain_text("Customers in this group: 1.")
    expect(confirm.main).to_contain_text("The customers are kept and leave the group")
    listing = confirm.confirm()
    expect(listing.text(f"The group “{renamed}” was deleted.")).to_be_visible()
    expect(listing.row(renamed)).to_have_count(0)
    with Session(shop_db) as db:
        assert db.get(CustomerGroup, group_id) is None
        assert db.get(Customer, member.id).group_id is None
        assert db.exec(select(GroupPrice).where(GroupPrice.group_id == group_id)).first() is None


def test_owner_edits_a_product_and_its_image_shows_in_the_shop(page: Page, shop_db, new_product, tmp_path):
    sign_in_merchant(page, create_merchant(shop_db))
    product = new_product()
    listing = ProductsListPage(page).goto()
    listing.search(product.sku)
    expect(listing.row(product.name)).to_contain_text("€25.00")
    listing.link(product.name).click()
    editor = ProductEditPage(page)
    editor.expect_open()
    editor.wait_until_live()
    editor.save(price="19,90", stock="7")
    with Session(shop_db) as db:
        saved = db.get(Product, product.id)
        assert (saved.price_cents, saved.stock) == (1990, 7)
    editor.upload_image(tiny_png(tmp_path / "vase.png"))
    expect(editor.main.get_by_role("img", name=product.name)).to_be_visible()
    shop_page = ProductPage(page, product.slug).goto()
    image = shop_page.main.get_by_role("img", name=product.name)
    expect(image).to_have_attribute("src", re.compile(r"/_upload/[0-9a-f]{32}\.png$"))
    page.wait_for_function("img => img.complete && img.naturalWidth === 8", arg=image.element_handle())
    expect(shop_page.main).to_contain_text("€19.90")


def test_read_only_staff_sees_no_save_button(page: Page, shop_db, new_product):
    sign_in_merchant(page, create_merchant(shop_db, role="staff", read_only=True))
    product = new_product()
    with Session(shop_db) as db:
        group = CustomerGroup(name=f"Read {uuid.uuid4().hex[:6]}")
        db.add(group)
        db.commit()
        group_id = group.id
    editor = ProductEditPage(page, str(product.id)).goto()
    expect(editor.field("Price (VAT included)")).to_have_value("25.00")
    expect(editor.button("Save product")).to_have_count(0)
    group_page = GroupDetailPage(page, str(group_id)).goto()
    expect(group_page.field("Group name")).to_be_visible()
    expect(group_page.button("Save group")).to_have_count(0)
    expect(group_page.button("Set price")).to_have_count(0)
    expect(group_page.link("Delete group")).to_have_count(0)
    groups = GroupsListPage(page).goto()
    expect(groups.button("Create group")).to_have_count(0)
