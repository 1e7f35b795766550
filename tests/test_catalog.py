"""Catalogue cards per language, and the prices a given customer pays."""

import pytest

from shop.catalog import products
from shop.catalog.pricing import prices_for
from shop.common.formatting import format_money
from shop.models import Customer, CustomerGroup, CustomerPrice, GroupPrice, ProductImage
from storefront import views


def grid_cards(db, lang, customer=None):
    grid = products.grid_page(db, customer)
    return [views.grid_card(item, grid.prices[item.id], lang) for item in grid.items]


def grid_names(db, **filters):
    return [item.name for item in products.grid_page(db, **filters).items]


def product_card(db, slug, lang):
    found = products.find_product(db, slug)
    return views.product_card(found, lang) if found else None


@pytest.fixture
def mug(make_product):
    """A product with a French name, or with other values: mug(slug="bowl", sku="B", price_cents=1000)."""
    def make(slug="mug", sku="SKU-1", price_cents=2400, stock=5):
        return make_product(slug, sku=sku, category="ceramics", name="Mug", name_fr="Tasse", price_cents=price_cents,
                            stock=stock, image="images/products/mug.svg")

    return make


def test_money_is_formatted_per_language():
    assert format_money(2400, "EUR", "en") == "€24.00"
    assert format_money(2400, "EUR", "fr").replace("\u202f", " ").replace("\xa0", " ") == "24,00 €"


def test_cards_follow_the_language(db, mug):
    mug()
    for cards in (grid_cards(db, "en"), [product_card(db, "mug", "en")]):
        english = cards[0]
        assert (english["name"], english["category"], english["price"]) == ("Mug", "Ceramics", "€24.00")
        assert english["image"] == "/images/products/mug.svg"
        assert english["stock_label"] == "Only 5 left"
    for french in (grid_cards(db, "fr")[0], product_card(db, "mug", "fr")):
        assert (french["name"], french["category"]) == ("Tasse", "Céramique")


def test_a_card_shows_the_first_image_and_falls_back_to_the_english_name(db, mug, make_product):
    product = mug()
    make_product("plain", category="ceramics", name="Plain bowl")
    db.add(ProductImage(product_id=product.id, path="images/products/moved-first.svg", position=-1))
    db.add(ProductImage(product_id=product.id, path="images/products/last.svg", position=9))
    db.commit()
    cards = {card["slug"]: card for card in grid_cards(db, "fr")}
    assert cards["mug"]["image"] == "/images/products/moved-first.svg"
    assert (cards["plain"]["name"], cards["plain"]["image"]) == ("Plain bowl", "")


@pytest.fixture
def friend(db):
    """A customer of the group "Friends", which pays 10 % less."""
    group = CustomerGroup(name="Friends", price_adjustment_bp=-1000)
    db.add(group)
    db.flush()
    customer = Customer(customer_number="C1", email="c@example.com", group_id=group.id)
    db.add(customer)
    db.commit()
    return customer


def test_the_grid_shows_each_visitor_their_own_price(db, mug, friend):
    mug(price_cents=2000)
    assert grid_cards(db, "en")[0]["price"] == "€20.00"
    assert grid_cards(db, "en", friend)[0]["price"] == "€18.00"


def test_inactive_products_are_hidden(db, mug):
    product = mug()
    product.is_active = False
    db.add(product)
    db.commit()
    assert grid_cards(db, "en") == []
    assert product_card(db, "mug", "en") is None


def test_product_card_refuses_unknown_and_junk_slugs(db, mug):
    mug()
    assert product_card(db, "mug", "en")["name"] == "Mug"
    for junk in ["nope", "", None, 12, "x" * 10_000, "../etc/passwd"]:
        assert product_card(db, junk, "en") is None


def test_out_of_stock_label(db, mug):
    mug(stock=0)
    card = product_card(db, "mug", "fr")
    assert card["in_stock"] is False and card["stock_label"] == "Épuisé"


def test_price_precedence_customer_then_group_price_then_group_percentage(db, mug, friend):
    mug_product = mug(slug="mug", sku="A", price_cents=2000)
    bowl = mug(slug="bowl", sku="B", price_cents=1000)
    plate = mug(slug="plate", sku="C", price_cents=3000)
    customer = friend
    db.add(GroupPrice(group_id=customer.group_id, product_id=bowl.id, price_cents=700))
    db.add(CustomerPrice(customer_id=customer.id, product_id=plate.id, price_cents=2500))
    db.commit()
    prices = prices_for(db, [mug_product, bowl, plate], customer)
    assert prices == {mug_product.id: 1800, bowl.id: 700, plate.id: 2500}
    assert prices_for(db, [mug_product, bowl, plate], None) == {mug_product.id: 2000, bowl.id: 1000, plate.id: 3000}


def test_the_grid_is_served_a_page_at_a_time(db, mug):
    for index in range(5):
        mug(slug=f"mug-{index}", sku=f"M{index}")
    first, second = products.grid_page(db, page_size=3), products.grid_page(db, page=2, page_size=3)
    assert (len(first.items), len(second.items), first.total, first.pages) == (3, 2, 5, 2)
    assert {item.slug for item in first.items}.isdisjoint(item.slug for item in second.items)
    past_the_end = products.grid_page(db, page=9, page_size=3)
    assert past_the_end.page == 2 and past_the_end.items == second.items


def test_a_grid_card_carries_only_what_the_grid_shows(db, mug):
    mug()
    card = grid_cards(db, "fr")[0]
    assert set(card) == {"slug", "name", "category", "price", "in_stock", "stock_label", "image"}
    assert card["name"] == "Tasse"


def test_junk_page_numbers_mean_the_first_page():
    from storefront.state.catalog import requested_page

    assert [requested_page(raw) for raw in ["2", "", None, "-1", "0", "abc", "1" * 10, ["2"], "٣"]] == \
        [2, 1, 1, 1, 1, 1, 1, 1, 1]


def test_the_catalogue_filters_by_category_and_by_every_word_searched(db, make_product):
    make_product("sage-mug", category="ceramics", name="Sage mug", name_fr="Tasse sauge")
    make_product("oat-bowl", category="ceramics", name="Oat bowl")
    make_product("linen-towel", category="textiles", name="Linen towel", description="Soft 100% linen")
    make_product("hidden-mug", category="ceramics", name="Hidden mug", is_active=False)

    def names(**filters):
        return grid_names(db, **filters)

    grid = products.grid_page(db)
    assert (grid.categories, grid.category, grid.total) == (["ceramics", "textiles"], "", 3)
    assert names(category="ceramics") == ["Sage mug", "Oat bowl"]
    assert products.grid_page(db, category="ceramics").total == 2
    assert names(category="hidden") == ["Sage mug", "Oat bowl", "Linen towel"]  # unknown: all
    assert products.grid_page(db, category="hidden").category == ""
    assert names(search="MUG") == ["Sage mug"]
    assert names(search="tasse") == ["Sage mug"]  # the French name too
    assert names(search="sage bowl") == []  # every word must match
    assert names(search="100%") == ["Linen towel"] and names(search="_") == []  # % and _ are characters
    assert products.grid_page(db, category="textiles", search="linen").total == 1
    assert products.grid_page(db, category="ceramics", search="linen").items == []
    assert products.clean_search("  soft   linen ") == "soft linen" and products.clean_search(["x"]) == ""
