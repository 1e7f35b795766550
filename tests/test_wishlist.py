"""The wishlist: add, remove, per-customer prices, the merchant's on/off setting, and other customers' items."""

import pytest

from shop.catalog import wishlist
from shop.catalog.wishlist import WishlistDisabled
from shop.models import CustomerGroup, CustomerPrice, Product, ProductImage, WishlistItem
from storefront import views
from tests.helpers import count_rows


def wishlist_rows(db, customer_id, lang):
    return [views.wishlist_row(item, lang) for item in wishlist.wishlist_items(db, customer_id)]


@pytest.fixture
def products(db):
    bowl = Product(slug="stoneware-bowl", sku="CER-001", category="ceramics", name="Stoneware bowl",
                   name_fr="Bol en grès", price_cents=2400, stock=5)
    towel = Product(slug="linen-towel", sku="TEX-001", category="textiles", name="Linen towel",
                    price_cents=1800, stock=0)
    hidden = Product(slug="old-mug", sku="CER-999", name="Old mug", price_cents=900, is_active=False)
    db.add_all([bowl, towel, hidden])
    db.flush()
    db.add_all([ProductImage(product_id=bowl.id, path="products/bowl-2.jpg", position=2),
                ProductImage(product_id=bowl.id, path="products/bowl-1.jpg", position=1)])
    db.commit()
    return {"bowl": bowl, "towel": towel, "hidden": hidden}


def test_add_is_idempotent_and_items_are_display_ready(db, make_customer, products, store_settings):
    customer = make_customer()
    wishlist.add_to_wishlist(db, customer.id, "stoneware-bowl")
    wishlist.add_to_wishlist(db, customer.id, "stoneware-bowl")
    wishlist.add_to_wishlist(db, customer.id, "linen-towel")
    db.commit()
    assert count_rows(db, WishlistItem) == 2
    items = wishlist_rows(db, customer.id, "fr")
    assert [item["slug"] for item in items] == ["linen-towel", "stoneware-bowl"]  # newest first
    towel, bowl = items
    assert bowl["name"] == "Bol en grès" and towel["name"] == "Linen towel"  # falls back to English
    assert bowl["image"] == "/products/bowl-1.jpg" and towel["image"] == ""
    assert bowl["price"].replace("\u202f", " ").replace("\xa0", " ") == "24,00 €"
    assert bowl["in_stock"] is True and towel["in_stock"] is False
    assert bowl["product_id"] == products["bowl"].id and bowl["added_at"]
    assert wishlist.is_in_wishlist(db, customer.id, products["bowl"].id)
    assert not wishlist.is_in_wishlist(db, customer.id, products["hidden"].id)


def test_prices_are_what_this_customer_pays(db, make_customer, products, store_settings):
    trade = CustomerGroup(name="Trade", price_adjustment_bp=-1000)
    db.add(trade)
    db.commit()
    retail, professional, own_price = make_customer(), make_customer(group_id=trade.id), make_customer()
    db.add(CustomerPrice(customer_id=own_price.id, product_id=products["bowl"].id, price_cents=1500))
    db.commit()
    for customer in (retail, professional, own_price):
        wishlist.add_to_wishlist(db, customer.id, "stoneware-bowl")
    cents = [wishlist_rows(db, c.id, "en")[0]["price_cents"] for c in (retail, professional, own_price)]
    assert cents == [2400, 2160, 1500]
    assert wishlist_rows(db, professional.id, "en")[0]["price"] == "€21.60"


def test_unknown_or_withdrawn_products_cannot_be_added(db, make_customer, products, store_settings):
    customer = make_customer()
    for slug in ["old-mug", "no-such-thing", "", None, ["stoneware-bowl"], {"slug": "x"}, 3, "x" * 1_000_000]:
        with pytest.raises(LookupError):
            wishlist.add_to_wishlist(db, customer.id, slug)
    assert count_rows(db, WishlistItem) == 0


def test_a_withdrawn_product_stays_listed_as_unavailable(db, make_customer, products, store_settings):
    customer = make_customer()
    wishlist.add_to_wishlist(db, customer.id, "stoneware-bowl")
    products["bowl"].is_active = False
    db.add(products["bowl"])
    db.commit()
    [item] = wishlist_rows(db, customer.id, "en")
    assert item["available"] is False and item["in_stock"] is False
    wishlist.remove_from_wishlist(db, customer.id, item["product_id"])
    assert count_rows(db, WishlistItem) == 0


def test_remove_only_own_items(db, make_customer, products, store_settings):
    ana, bob = make_customer(), make_customer()
    wishlist.add_to_wishlist(db, ana.id, "stoneware-bowl")
    wishlist.add_to_wishlist(db, bob.id, "linen-towel")
    db.commit()
    for junk in [products["towel"].id, str(products["towel"].id), 999_999, None, True, "1 OR 1=1", [1], {"id": 1},
                 -1, 0, "x" * 1_000_000, 1.5]:
        with pytest.raises(LookupError):
            wishlist.remove_from_wishlist(db, ana.id, junk)
        assert not wishlist.is_in_wishlist(db, ana.id, junk)
    assert count_rows(db, WishlistItem) == 2
    wishlist.remove_from_wishlist(db, ana.id, str(products["bowl"].id))
    db.commit()
    assert wishlist_rows(db, ana.id, "en") == []
    assert [item["slug"] for item in wishlist_rows(db, bob.id, "en")] == ["linen-towel"]
    with pytest.raises(LookupError):  # removing twice is "not found", not a crash
        wishlist.remove_from_wishlist(db, ana.id, products["bowl"].id)


def test_everything_refuses_when_the_merchant_switches_the_wishlist_off(db, make_customer, products,
                                                                         store_settings):
    customer = make_customer()
    wishlist.add_to_wishlist(db, customer.id, "stoneware-bowl")
    store_settings.wishlist_enabled = False
    db.add(store_settings)
    db.commit()
    for call in [lambda: wishlist.add_to_wishlist(db, customer.id, "linen-towel"),
                 lambda: wishlist.remove_from_wishlist(db, customer.id, products["bowl"].id),
                 lambda: wishlist.is_in_wishlist(db, customer.id, products["bowl"].id),
                 lambda: wishlist_rows(db, customer.id, "en")]:
        with pytest.raises(WishlistDisabled):
            call()
    assert count_rows(db, WishlistItem) == 1


def test_unknown_customer_is_a_lookup_error(db, products, store_settings):
    for junk in [999, None, "1"]:
        with pytest.raises(LookupError):
            wishlist.add_to_wishlist(db, junk, "stoneware-bowl")
        with pytest.raises(LookupError):
            wishlist_rows(db, junk, "en")
    assert count_rows(db, WishlistItem) == 0
