"""Back-office customer groups and products: every rule and refusal of the services, and the states' checks of
who is asking (read-only staff, signed-out browsers, forged ids)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from shop.catalog import pricing, product_admin, stock_alerts
from shop.common.validation import FieldError, FormErrors
from shop.customers import groups
from shop.identity import sessions
from shop.models import AuditEvent, Customer, CustomerGroup, GroupPrice, Product, ProductImage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


def group_form(**values) -> dict:
    return {"name": "Wholesale", "description": "Shops and cafés", "adjustment": "-10", **values}


def product_form(**values) -> dict:
    return {"name": "Linen napkin", "name_fr": "Serviette en lin", "description": "Washed linen.",
            "description_fr": "Lin lavé.", "price": "12.50", "stock": "4", "category": "textiles",
            "sku": "ML-TEX-900", "slug": "linen-napkin", "is_active": "on", **values}


def new_group(db, merchant, **values) -> CustomerGroup:
    group = groups.save_group(db, None, group_form(**values), merchant_user_id=merchant.id)
    db.commit()
    return group


# --- percentages and money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [("-10", -1000), ("5", 500), ("+5", 500), ("7,5", 750), ("7.25", 725),
                                           ("-10 %", -1000), ("\u221210", -1000), ("", 0), (None, 0), ("-100", -10000),
                                           ("1000", 100000), (3, 300)])
def test_percent_is_stored_in_basis_points(raw, expected):
    assert groups.parse_percent(raw) == expected


@pytest.mark.parametrize("raw", ["-100.01", "-150", "1000.5", "2000", "12345"])
def test_percent_out_of_range_is_refused(raw):
    with pytest.raises(FieldError) as refused:
        groups.parse_percent(raw)
    assert refused.value.key in ("admin.catalog.error.percent_range", "admin.catalog.error.percent")


@pytest.mark.parametrize("raw", ["ten", "1.234", "--5", "5-", True, [5], {"a": 1}, "1" * 50, 1.5])
def test_percent_that_is_not_a_number_is_refused(raw):
    with pytest.raises(FieldError):
        groups.parse_percent(raw)


def test_percent_input_shows_the_stored_value_back():
    assert [groups.percent_input(bp) for bp in (-1000, 500, 750, -725, 0)] == ["-10", "5", "7.5", "-7.25", ""]


@pytest.mark.parametrize("raw, cents", [("12.50", 1250), ("12,50", 1250), ("12", 1200), ("12.5", 1250),
                                        ("€ 12.50", 1250), ("0", 0), (" 1 200,00 ", 120000), (7, 700)])
def test_money_accepts_a_dot_or_a_comma(raw, cents):
    assert product_admin.parse_money(raw) == cents


@pytest.mark.parametrize("raw", ["", "-1", "12.505", "12,5,0", "abc", "1e3", None, True, 1.5, "99999999",
                                 "1" * 100])
def test_bad_money_is_refused(raw):
    with pytest.raises(FieldError) as refused:
        product_admin.parse_money(raw)
    assert refused.value.key == "admin.catalog.error.money"


# --- groups ------------------------------------------------------------------------------------------------------


def test_a_group_is_created_with_its_discount_and_listed_with_its_members(db, merchant, make_customer):
    group = new_group(db, merchant, tax_exempt="on")
    assert (group.name, group.price_adjustment_bp, group.tax_exempt) == ("Wholesale", -1000, True)
    make_customer(group_id=group.id)
    make_customer()
    [summary] = groups.list_groups(db)
    assert summary.members == 1
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "group_created")).first() is not None


def test_group_names_are_unique_regardless_of_case(db, merchant):
    new_group(db, merchant)
    with pytest.raises(FormErrors) as refused:
        groups.save_group(db, None, group_form(name="  wholesale "), merchant_user_id=merchant.id)
    assert refused.value.errors == {"name": "admin.catalog.error.group_name_taken"}


def test_a_group_is_renamed_and_keeps_its_own_name_on_save(db, merchant):
    group = new_group(db, merchant)
    groups.save_group(db, group.id, group_form(), merchant_user_id=merchant.id)  # its own name is not "taken"
    renamed = groups.save_group(db, group.id, group_form(name="Trade", description="New", adjustment="5"),
                                merchant_user_id=merchant.id)
    assert (renamed.name, renamed.description, renamed.price_adjustment_bp, renamed.tax_exempt) == \
        ("Trade", "New", 500, False)


def test_group_form_errors_name_each_field(db, merchant):
    with pytest.raises(FormErrors) as refused:
        groups.save_group(db, None, {"name": "", "description": "x" * 501, "adjustment": "-101"},
                          merchant_user_id=merchant.id)
    assert refused.value.errors == {"name": "error.required", "description": "error.too_long",
                                    "adjustment": "admin.catalog.error.percent_range"}


def test_a_forged_payload_cannot_set_other_columns(db, merchant):
    group = groups.save_group(db, None, group_form(id=999, created_at="2000-01-01", price_adjustment_bp=9999),
                              merchant_user_id=merchant.id)
    assert group.id != 999 and group.price_adjustment_bp == -1000


@pytest.mark.parametrize("forged", [None, 0, -1, "abc", 10**30, True, 12345, [1], "1; drop"])
def test_unknown_group_ids_are_refused(db, merchant, forged):
    with pytest.raises(LookupError):
        groups.get_group(db, forged)
    with pytest.raises(LookupError):
        groups.delete_group(db, forged, merchant_user_id=merchant.id)
    with pytest.raises(LookupError):
        groups.set_group_price(db, forged, 1, "10", merchant_user_id=merchant.id)


def test_fixed_prices_are_added_changed_and_removed_and_win_over_the_percentage(db, merchant, make_customer,
                                                                               make_product):
    group = new_group(db, merchant)
    mug, bowl = make_product("mug", price_cents=2000), make_product("bowl", price_cents=1000)
    buyer = make_customer(group_id=group.id)
    groups.set_group_price(db, group.id, mug.id, "12,50", merchant_user_id=merchant.id)
    db.commit()
    assert pricing.base_prices(db, [mug, bowl], buyer) == {mug.id: 1250, bowl.id: 900}
    groups.set_group_price(db, group.id, str(mug.id), "15.00", merchant_user_id=merchant.id)
    db.commit()
    assert [(row.price_cents, product.id) for row, product in groups.group_prices(db, group.id)] == [(1500, mug.id)]
    groups.remove_group_price(db, group.id, mug.id, merchant_user_id=merchant.id)
    db.commit()
    assert groups.group_prices(db, group.id) == []
    with pytest.raises(LookupError):
        groups.remove_group_price(db, group.id, mug.id, merchant_user_id=merchant.id)


def test_fixed_price_refusals(db, merchant, make_product):
    group = new_group(db, merchant)
    mug = make_product("mug")
    with pytest.raises(FieldError) as refused:
        groups.set_group_price(db, group.id, mug.id, "-3", merchant_user_id=merchant.id)
    assert refused.value.key == "admin.catalog.error.money"
    for forged in (None, 0, 999, "x", True):
        with pytest.raises(FieldError) as refused:
            groups.set_group_price(db, group.id, forged, "3", merchant_user_id=merchant.id)
        assert refused.value.field == "product"


def test_deleting_a_group_keeps_its_customers_with_no_group(db, merchant, make_customer, make_product):
    group = new_group(db, merchant)
    other = new_group(db, merchant, name="Friends")
    members = [make_customer(group_id=group.id) for _ in range(3)]
    stranger = make_customer(group_id=other.id)
    groups.set_group_price(db, group.id, make_product("mug").id, "5", merchant_user_id=merchant.id)
    db.commit()
    assert groups.delete_group(db, group.id, merchant_user_id=merchant.id) == ("Wholesale", 3)
    db.commit()
    db.expire_all()
    assert db.get(CustomerGroup, group.id) is None
    assert [db.get(Customer, member.id).group_id for member in members] == [None, None, None]
    assert db.get(Customer, stranger.id).group_id == other.id
    assert db.exec(select(GroupPrice)).all() == []
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "group_deleted")).first() is not None


def test_members_are_listed_fifty_at_most(db, merchant, make_customer):
    group = new_group(db, merchant)
    for index in range(52):
        db.add(Customer(customer_number=f"T{index:05}", email=f"m{index}@example.com", group_id=group.id))
    db.commit()
    assert groups.member_count(db, group.id) == 52
    assert len(groups.members(db, group.id)) == 50


# --- products ----------------------------------------------------------------------------------------------------


def test_a_product_is_created_and_edited(db, merchant):
    product = product_admin.save_product(db, None, product_form(), merchant_user_id=merchant.id)
    db.commit()
    assert (product.name, product.name_fr, product.price_cents, product.stock, product.category, product.sku,
            product.slug, product.is_active) == ("Linen napkin", "Serviette en lin", 1250, 4, "textiles",
                                                 "ML-TEX-900", "linen-napkin", True)
    edited = product_admin.save_product(db, product.id, product_form(price="14,90", stock="0", is_active=None,
                                                                     category="Table Linen"),
                                        merchant_user_id=merchant.id)
    assert (edited.price_cents, edited.stock, edited.is_active, edited.category) == (1490, 0, False, "table-linen")


def test_saving_a_product_keeps_the_sales_made_while_the_form_was_open(db, merchant, make_product):
    product = make_product("linen-napkin", sku="ML-TEX-900", stock=10)
    product.stock = 7  # three sold after the merchant opened the form at 10
    db.add(product)
    db.commit()
    saved = product_admin.save_product(db, product.id, product_form(stock="10", name="Linen napkin, washed"),
                                       merchant_user_id=merchant.id, stock_shown=10)
    db.commit()
    db.refresh(saved)
    assert (saved.name, saved.stock) == ("Linen napkin, washed", 7)  # the stock field was left alone
    # A stock the merchant changed is written when nothing moved it since it was shown...
    saved = product_admin.save_product(db, product.id, product_form(stock="20"), merchant_user_id=merchant.id,
                                       stock_shown=7)
    db.commit()
    db.refresh(saved)
    assert saved.stock == 20
    # ...and refused, with the current stock, when something did: nothing of the form is written then.
    with pytest.raises(product_admin.StockMoved) as moved:
        product_admin.save_product(db, product.id, product_form(stock="25", name="Renamed"),
                                   merchant_user_id=merchant.id, stock_shown=22)
    db.rollback()
    assert moved.value.current == 20
    db.refresh(saved)
    assert (saved.name, saved.stock) == ("Linen napkin", 20)


def test_product_form_errors_name_each_field(db, merchant):
    with pytest.raises(FormErrors) as refused:
        product_admin.save_product(db, None, product_form(name="", price="abc", stock="-1", sku="a b",
                                                          slug="Not A Slug!", category="tea/coffee"),
                                   merchant_user_id=merchant.id)
    assert refused.value.errors == {"name": "error.required", "price": "admin.catalog.error.money",
                                    "stock": "admin.catalog.error.stock", "sku": "admin.catalog.error.sku",
                                    "slug": "admin.catalog.error.slug", "category": "admin.catalog.error.category"}


@pytest.mark.parametrize("stock", ["-1", "1.5", "many", True, None, "10000001", -3])
def test_negative_or_odd_stock_is_refused(stock):
    with pytest.raises(FieldError):
        product_admin.parse_stock(stock)


def test_sku_and_slug_are_unique(db, merchant, make_product):
    make_product("linen-napkin", sku="ML-TEX-900")
    with pytest.raises(FormErrors) as refused:
        product_admin.save_product(db, None, product_form(sku="ml-tex-900"), merchant_user_id=merchant.id)
    assert refused.value.errors == {"sku": "admin.catalog.error.sku_taken", "slug": "admin.catalog.error.slug_taken"}


def test_saving_a_product_keeps_its_own_sku_and_slug(db, merchant, make_product):
    product = make_product("linen-napkin", sku="ML-TEX-900")
    saved = product_admin.save_product(db, product.id, product_form(), merchant_user_id=merchant.id)
    assert saved.id == product.id


@pytest.mark.parametrize("forged", [None, 0, -5, "new", 10**30, False, 4242, {"id": 1}])
def test_unknown_product_ids_are_refused(db, merchant, forged):
    with pytest.raises(LookupError):
        product_admin.get_product(db, forged)


def test_listing_searches_name_and_sku_and_filters_by_category(db, make_product):
    make_product("mug", sku="ML-CER-1", category="ceramics", name="Sage mug")
    make_product("tea", sku="ML-TEA-1", category="tea", name="Green tea", is_active=False)
    assert [item.product.slug for item in product_admin.list_products(db)] == ["mug", "tea"]  # inactive too
    assert [item.product.slug for item in product_admin.list_products(db, search="sage")] == ["mug"]
    assert [item.product.slug for item in product_admin.list_products(db, search="ml-tea")] == ["tea"]
    assert [item.product.slug for item in product_admin.list_products(db, category="tea")] == ["tea"]
    assert product_admin.list_products(db, search="100%_") == []
    assert product_admin.all_categories(db) == ["ceramics", "tea"]


def test_back_in_stock_is_left_to_the_housekeeping_once(db, merchant, make_product, outbox):
    product = make_product("mug", stock=0)
    stock_alerts.ask(db, product.id, "waiting@example.com", "en")
    db.commit()
    product_admin.save_product(db, product.id, product_form(slug="mug", sku="MUG", stock="3"),
                               merchant_user_id=merchant.id)
    db.commit()
    assert outbox("waiting@example.com") == []  # not sent twice: the minutely pass sends it
    assert stock_alerts.notify_returned(db) == 1
    assert len(outbox("waiting@example.com")) == 1


def test_two_passes_at_once_send_the_back_in_stock_email_once(db, engine, make_product, outbox):
    """Two workers' minutely passes: the second reads the alert, the first sends and commits, then the second
    goes on with what it read."""
    product = make_product("mug", stock=0)
    stock_alerts.ask(db, product.id, "waiting@example.com", "en")
    product.stock = 3
    db.add(product)
    db.commit()

    class Rows(list):
        def all(self):
            return self

    class SecondPass(Session):
        def exec(self, statement, *args, **kwargs):
            result = super().exec(statement, *args, **kwargs)
            if getattr(statement, "is_select", False) and not getattr(self, "first_has_run", False):
                self.first_has_run = True
                rows = Rows(result.all())
                with Session(engine) as first:
                    assert stock_alerts.notify_returned(first) == 1
                    first.commit()
                return rows
            return result

    with SecondPass(engine) as second:
        assert stock_alerts.notify_returned(second) == 0
        second.commit()
    assert len(outbox("waiting@example.com")) == 1


# --- images ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data, kind", [(PNG, "png"), (JPEG, "jpg"), (WEBP, "webp")])
def test_images_are_recognised_from_their_bytes(data, kind):
    assert product_admin.image_kind(data) == kind


@pytest.mark.parametrize("data", [b"GIF89a" + b"\x00" * 20, b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                  b"%PDF-1.7", b"", b"RIFF\x00\x00\x00\x00WAVE"])
def test_other_file_types_are_refused(data, tmp_path):
    with pytest.raises(FieldError) as refused:
        product_admin.store_image_file(tmp_path, data)
    assert refused.value.key == "admin.catalog.error.image_type"
    assert list(tmp_path.iterdir()) == []


def test_images_above_five_megabytes_are_refused(tmp_path):
    with pytest.raises(FieldError) as refused:
        product_admin.store_image_file(tmp_path, PNG + b"\x00" * (5 * 1024 * 1024))
    assert refused.value.key == "admin.catalog.error.image_too_large"
    assert list(tmp_path.iterdir()) == []


def test_images_are_stored_added_reordered_described_and_removed(db, merchant, make_product, tmp_path):
    product = make_product("mug", image="images/products/mug.svg")
    names = [product_admin.store_image_file(tmp_path, data) for data in (PNG, JPEG)]
    assert all(len(name) == 36 and (tmp_path / name).exists() for name in names)
    first, second = (product_admin.add_image(db, product.id, name, "", merchant_user_id=merchant.id)
                     for name in names)
    db.commit()
    assert second.path == f"_upload/{names[1]}" and first.alt == product.name
    assert product_admin.image_url(second.path) == f"/_upload/{names[1]}"
    assert product_admin.image_url("images/products/mug.svg") == "/images/products/mug.svg"
    product_admin.move_image(db, product.id, second.id, "up")
    product_admin.move_image(db, product.id, second.id, "up")
    product_admin.move_image(db, product.id, second.id, "up")  # already first: nothing moves
    db.commit()
    assert [image.id for image in product_admin.images_of(db, product.id)][0] == second.id
    with pytest.raises(ValueError):
        product_admin.move_image(db, product.id, second.id, "sideways")
    product_admin.set_image_alt(db, product.id, second.id, "A sage mug on a linen cloth")
    with pytest.raises(FieldError):
        product_admin.set_image_alt(db, product.id, second.id, "x" * 201)
    removed = product_admin.remove_image(db, product.id, second.id, merchant_user_id=merchant.id)
    db.commit()
    assert removed == names[1]
    product_admin.delete_upload(tmp_path, removed)
    assert not (tmp_path / names[1]).exists()
    asset = product_admin.images_of(db, product.id)[0]
    assert product_admin.remove_image(db, product.id, asset.id, merchant_user_id=merchant.id) is None
    product_admin.delete_upload(tmp_path, "../rxconfig.py")  # only names this module makes


def test_image_ids_of_another_product_are_refused(db, merchant, make_product):
    mug, bowl = make_product("mug", image="images/a.svg"), make_product("bowl", image="images/b.svg")
    bowl_image = product_admin.images_of(db, bowl.id)[0]
    for call in (lambda: product_admin.remove_image(db, mug.id, bowl_image.id, merchant_user_id=merchant.id),
                 lambda: product_admin.move_image(db, mug.id, bowl_image.id, "down"),
                 lambda: product_admin.set_image_alt(db, mug.id, bowl_image.id, "x"),
                 lambda: product_admin.remove_image(db, mug.id, "abc", merchant_user_id=merchant.id)):
        with pytest.raises(LookupError):
            call()
    with pytest.raises(ValueError):
        product_admin.add_image(db, mug.id, "../../etc/passwd", "", merchant_user_id=merchant.id)


def test_a_product_has_twelve_images_at_most(db, merchant, make_product, tmp_path):
    product = make_product("mug")
    for _ in range(product_admin.MAX_IMAGES):
        product_admin.add_image(db, product.id, product_admin.store_image_file(tmp_path, PNG), "",
                                merchant_user_id=merchant.id)
    with pytest.raises(FieldError) as refused:
        product_admin.add_image(db, product.id, product_admin.store_image_file(tmp_path, PNG), "",
                                merchant_user_id=merchant.id)
    assert refused.value.key == "admin.catalog.error.too_many_images"


def test_uploaded_images_show_in_the_storefront_catalogue(db, merchant, make_product, tmp_path):
    from shop.catalog import products
    from storefront import views

    product = make_product("mug")
    name = product_admin.store_image_file(tmp_path, PNG)
    product_admin.add_image(db, product.id, name, "", merchant_user_id=merchant.id)
    db.commit()
    card = views.product_card(products.find_product(db, "mug"), "en")
    assert card["image"] == f"/_upload/{name}"


def test_a_category_typed_in_the_back_office_shows_as_typed_in_the_shop(db, make_product):
    from shop.catalog import products
    from storefront import views

    make_product("mug", category="table-linen")
    make_product("cup", category="ceramics")
    assert views.product_card(products.find_product(db, "mug"), "fr")["category"] == "table-linen"
    assert views.product_card(products.find_product(db, "cup"), "fr")["category"] == "Céramique"


# --- states: who is asking -----------------------------------------------------------------------------------


@pytest.fixture
def as_browser(engine, monkeypatch, cheap_bcrypt):
    """A state of the back-office as a browser tab holding `token` (or none): its handlers use the test database."""
    import reflex as rx

    import storefront.state.app as app_state

    monkeypatch.setattr(app_state, "get_engine", lambda: engine)

    def make(state_class, token: str = ""):
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_class.get_full_name().split(".")[1:])
        state.admin_token = token
        return state

    return make


def merchant_token(engine, *, role: str = "owner", read_only: bool = False) -> str:
    from shop.merchants import accounts

    with Session(engine) as db:
        user = accounts.create_merchant(db, f"{role}-{read_only}@example.com", "a long enough password")
        user.role, user.read_only = role, read_only
        db.add(user)
        db.flush()
        token = sessions.start_session(db, merchant_user_id=user.id)
        db.commit()
    return token


def count(engine, table) -> int:
    with Session(engine) as db:
        return len(db.exec(select(table)).all())


def test_read_only_staff_cannot_create_edit_price_or_delete_groups(engine, as_browser):
    from backoffice.state.groups import GroupDeleteState, GroupsState, GroupState

    owner = merchant_token(engine)
    reader = merchant_token(engine, role="staff", read_only=True)
    with Session(engine) as db:
        group = CustomerGroup(name="Wholesale")
        db.add(group)
        db.add(Product(slug="mug", sku="MUG", name="Mug", price_cents=1000))
        db.commit()
        group_id = group.id
    refused = as_browser(GroupsState, reader).create_group(group_form(name="Sneaky"))
    assert "read-only" in str(refused)
    page = as_browser(GroupState, reader)
    page.group_id = group_id
    assert "read-only" in str(page.save_group(group_form(name="Renamed")))
    assert "read-only" in str(page.set_price({"product": "1", "price": "1"}))
    deleting = as_browser(GroupDeleteState, reader)
    deleting.group_id = group_id
    assert "read-only" in str(deleting.delete_group())
    assert count(engine, GroupPrice) == 0
    with Session(engine) as db:
        assert [row.name for row in db.exec(select(CustomerGroup))] == ["Wholesale"]
    # Not signed in: sent to sign-in, nothing written.
    assert "/admin/login" in str(as_browser(GroupsState).create_group(group_form(name="Anon")))
    assert count(engine, CustomerGroup) == 1
    # The owner can.
    as_browser(GroupsState, owner).create_group(group_form(name="Trade"))
    assert count(engine, CustomerGroup) == 2


def test_the_product_page_shows_the_current_stock_when_orders_moved_it(engine, as_browser):
    from backoffice.state.products import ProductState

    with Session(engine) as db:
        product = Product(slug="linen-napkin", sku="ML-TEX-900", name="Linen napkin", price_cents=1250, stock=10)
        db.add(product)
        db.commit()
        product_id = product.id
    page = as_browser(ProductState, merchant_token(engine, role="staff"))
    with Session(engine) as db:
        page._fill(db, db.get(Product, product_id))
        db.get(Product, product_id).stock = 8  # two sold while the form is open
        db.commit()
    key = page.form_key
    assert page.save_product(product_form(stock="30", name="Linen napkin, washed")) is None
    assert page._errors == {"stock": "admin.catalog.error.stock_moved"}
    # The form shows what the merchant typed, with the stock as it is now; nothing was written.
    assert (page.values["name"], page.values["stock"], page.form_key) == ("Linen napkin, washed", "8", key + 1)
    with Session(engine) as db:
        assert (db.get(Product, product_id).name, db.get(Product, product_id).stock) == ("Linen napkin", 8)
    page.save_product(product_form(stock="30", name="Linen napkin, washed"))  # saved again, now it holds
    with Session(engine) as db:
        assert (db.get(Product, product_id).name, db.get(Product, product_id).stock) == ("Linen napkin, washed", 30)


def test_read_only_staff_cannot_save_a_product_or_change_images(engine, as_browser):
    from backoffice.state.products import ProductState

    reader = merchant_token(engine, role="staff", read_only=True)
    staff = merchant_token(engine, role="staff")
    with Session(engine) as db:
        product = Product(slug="mug", sku="MUG", name="Mug", price_cents=1000, stock=1)
        db.add(product)
        db.flush()
        db.add(ProductImage(product_id=product.id, path="images/mug.svg"))
        db.commit()
        product_id = product.id
    page = as_browser(ProductState, reader)
    page.product_id = product_id
    assert "read-only" in str(page.save_product(product_form(slug="mug", sku="MUG", price="1")))
    assert "read-only" in str(page.remove_image(1))
    assert "read-only" in str(page.move_image(1, "down"))
    with Session(engine) as db:
        assert db.get(Product, product_id).price_cents == 1000
    assert count(engine, ProductImage) == 1
    # Forged arguments are ignored before anything is read.
    writer = as_browser(ProductState, staff)
    writer.product_id = product_id
    assert writer.remove_image("1; drop") is None
    assert writer.move_image(1, "sideways") is None
    assert writer.save_product("not a form") is None
    # Staff who may edit can save.
    writer.save_product(product_form(slug="mug", sku="MUG", price="9,90"))
    with Session(engine) as db:
        assert db.get(Product, product_id).price_cents == 990
