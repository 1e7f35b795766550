"""The customer register: search by every field, each filter, sorting, pages, the query in the URL, and the
bulk group assignment (who may, and what it refuses)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from shop.customers.register import (
    BulkActionRefused,
    RegisterQuery,
    assign_group,
    country_choices,
    group_choices,
    matching_customers,
    query_from_params,
    query_to_params,
    search_customers,
)
from shop.merchants.permissions import PermissionDenied
from shop.models import Address, AuditEvent, Customer, CustomerGroup
from tests.helpers import run_coroutine


@pytest.fixture
def register(db, make_customer):
    """Four customers with different details, an address each, two groups."""
    trade = CustomerGroup(name="Trade")
    hotels = CustomerGroup(name="Hotels")
    db.add(trade)
    db.add(hotels)
    db.flush()
    people = {
        "lopez": make_customer("maria.lopez@example.com", None, first_name="María", last_name="López",
                               company="Atelier Céramique", phone="+33612345678", own_number="ACC-7001",
                               group_id=trade.id, newsletter_opt_in=True, order_count=3, total_spent_cents=45_000,
                               last_order_at=datetime(2026, 5, 2, 10, tzinfo=UTC),
                               created_at=datetime(2025, 1, 10, 9, tzinfo=UTC)),
        "smith": make_customer("john.smith@example.co.uk", None, first_name="John", last_name="Smith",
                               phone="+447911123456", is_blocked=True, tax_exempt=True,
                               created_at=datetime(2025, 6, 1, 9, tzinfo=UTC)),
        "durand": make_customer("chloe.durand@example.fr", None, verified=False, first_name="Chloé",
                                last_name="Durand", approved_buyer=False, group_id=hotels.id, order_count=1,
                                total_spent_cents=9_900, last_order_at=datetime(2026, 9, 15, 10, tzinfo=UTC),
                                created_at=datetime(2026, 2, 1, 9, tzinfo=UTC)),
        "moreau": make_customer("paul.moreau@example.fr", None, first_name="Paul", last_name="Moreau",
                                order_count=7, total_spent_cents=120_000,
                                last_order_at=datetime(2026, 11, 1, 10, tzinfo=UTC),
                                created_at=datetime(2026, 3, 1, 9, tzinfo=UTC)),
    }
    cities = {"lopez": ("Lyon", "FR"), "smith": ("Manchester", "GB"), "durand": ("Bordeaux", "FR"),
              "moreau": ("Bruxelles", "BE")}
    for key, (city, country) in cities.items():
        db.add(Address(customer_id=people[key].id, name=people[key].full_name, city=city, country_code=country,
                       postal_code="69001"))
    db.commit()
    people["trade"], people["hotels"] = trade, hotels
    return people


def found(db, **values) -> list[str]:
    page = search_customers(db, RegisterQuery(**values), region="FR")
    return [row.last_name for row in page.rows]


# --- search ---

@pytest.mark.parametrize(("text", "expected"), [
    ("lópez", ["López"]),  # name, any case
    ("maría", ["López"]),
    ("céramique", ["López"]),  # company
    ("john.smith@", ["Smith"]),  # email
    ("ACC-7001", ["López"]),  # the shop's own number
    ("Manchester", ["Smith"]),  # an address's city
    ("bruxel", ["Moreau"]),
    ("06 12 34 56 78", ["López"]),  # a phone in the shop's national format
    ("0612345678", ["López"]),
    ("+33 6 12 34 56 78", ["López"]),
    ("07911 123456", ["Smith"]),  # without its trunk 0, the digits are found in any country
    ("+44 7911 123456", ["Smith"]),
    ("34 56 78", ["López"]),  # a fragment of a phone
    ("John Smith", ["Smith"]),  # several words: all of them
    ("Smith John", ["Smith"]),
    ("nobody-at-all", []),
    ('"; DROP TABLE customer; --', []),  # typed text is a phrase, never a query
])
def test_search_finds_a_customer_by_each_field(db, register, text, expected):
    assert found(db, text=text) == expected


def test_search_finds_by_customer_number(db, register):
    number = register["durand"].customer_number
    assert found(db, text=number) == ["Durand"]


def test_a_short_query_matches_the_start_of_a_number_name_or_email(db, register):
    assert found(db, text="Mo") == ["Moreau"]
    assert found(db, text="jo") == ["Smith"]  # john.smith@...
    assert sorted(found(db, text="C0")) == ["Durand", "López", "Moreau", "Smith"]
    assert found(db, text="zz") == []


def test_a_short_word_next_to_a_long_one_narrows_the_search(db, register):
    assert found(db, text="Paul Mo") == ["Moreau"]
    assert found(db, text="Paul Xy") == []


def test_the_index_follows_changes_to_customers_and_addresses(db, register):
    moreau = register["moreau"]
    moreau.last_name = "Moreau-Lenoir"
    db.add(moreau)
    address = db.exec(select(Address).where(Address.customer_id == moreau.id)).one()
    address.city = "Namur"
    db.add(address)
    db.commit()
    assert found(db, text="lenoir") == ["Moreau-Lenoir"]
    assert found(db, text="namur") == ["Moreau-Lenoir"]
    assert found(db, text="bruxelles") == []


# --- filters ---

@pytest.mark.parametrize(("values", "expected"), [
    ({"newsletter": True}, ["López"]),
    ({"verified": False}, ["Durand"]),
    ({"blocked": True}, ["Smith"]),
    ({"approved_buyer": False}, ["Durand"]),
    ({"tax_exempt": True}, ["Smith"]),
    ({"has_orders": False}, ["Smith"]),
    ({"has_orders": True, "verified": True}, ["Moreau", "López"]),
    ({"country": "FR"}, ["Durand", "López"]),
    ({"country": "GB", "blocked": True}, ["Smith"]),
    ({"created_from": date(2026, 1, 1)}, ["Moreau", "Durand"]),
    ({"created_to": date(2025, 6, 1)}, ["Smith", "López"]),  # inclusive
    ({"created_from": date(2025, 6, 2), "created_to": date(2026, 2, 1)}, ["Durand"]),
    ({"last_order_from": date(2026, 9, 1), "last_order_to": date(2026, 10, 1)}, ["Durand"]),
    ({"spent_above_cents": 45_000}, ["Moreau", "López"]),
    ({"spent_above_cents": 45_001}, ["Moreau"]),
    ({"text": "example.fr", "has_orders": True}, ["Moreau", "Durand"]),
    # Ranges next to other conditions (checked row by row rather than through their index).
    ({"created_from": date(2025, 6, 2), "group_id": 0}, ["Moreau"]),
    ({"created_to": date(2025, 6, 1), "blocked": False, "spent_above_cents": 1}, ["López"]),
    ({"last_order_from": date(2026, 9, 15), "last_order_to": date(2026, 9, 15), "newsletter": False}, ["Durand"]),
    ({"created_from": date(2025, 1, 10), "created_to": date(2026, 3, 1), "last_order_from": date(2026, 5, 2)},
     ["Moreau", "Durand", "López"]),
])
def test_each_filter(db, register, values, expected):
    assert found(db, **values) == expected


def test_group_filter_and_no_group(db, register):
    assert found(db, group_id=register["trade"].id) == ["López"]
    assert found(db, group_id=0) == ["Moreau", "Smith"]
    assert found(db, group_id=999) == []


def test_explicit_ids_narrow_the_filters(db, register):
    ids = (register["lopez"].id, register["smith"].id)
    assert found(db, ids=ids) == ["Smith", "López"]
    assert found(db, ids=ids, blocked=False) == ["López"]
    assert list(db.exec(matching_customers(db, RegisterQuery(ids=ids, sort="name", descending=False)))) == [
        register["lopez"].id, register["smith"].id]


def test_choices_for_the_filters(db, register):
    assert [name for _, name in group_choices(db)] == ["Hotels", "Trade"]
    assert country_choices(db) == ["BE", "FR", "GB"]


# --- sorting and pages ---

def test_sorting(db, register):
    assert found(db, sort="total_spent") == ["Moreau", "López", "Durand", "Smith"]
    assert found(db, sort="total_spent", descending=False) == ["Smith", "Durand", "López", "Moreau"]
    assert found(db, sort="name", descending=False) == ["Durand", "López", "Moreau", "Smith"]
    assert found(db, sort="order_count") == ["Moreau", "López", "Durand", "Smith"]
    assert found(db, sort="last_order")[:3] == ["Moreau", "Durand", "López"]
    assert found(db, sort="created") == ["Moreau", "Durand", "Smith", "López"]
    assert found(db, sort="customer_number", descending=False) == ["López", "Smith", "Durand", "Moreau"]


def test_pages_and_their_bounds(db, register, make_customer):
    for index in range(26):
        make_customer(f"bulk{index}@example.com", None, last_name=f"Bulk{index:02d}")
    first = search_customers(db, RegisterQuery(page_size=25, sort="name", descending=False), region="FR")
    assert (first.total, first.pages, first.page, len(first.rows)) == (30, 2, 1, 25)
    beyond = search_customers(db, RegisterQuery(page_size=25, page=99, sort="name", descending=False), region="FR")
    assert (beyond.page, len(beyond.rows), beyond.query.page) == (2, 5, 2)
    empty = search_customers(db, RegisterQuery(text="nobody-at-all", page=3), region="FR")
    assert (empty.total, empty.pages, empty.page, empty.rows) == (0, 1, 1, [])


def test_rows_carry_what_the_register_shows(db, register):
    row = search_customers(db, RegisterQuery(text="lopez@"), region="FR").rows[0]
    assert (row.customer_number, row.own_number, row.company, row.group_name, row.verified, row.order_count,
            row.total_spent_cents) == (register["lopez"].customer_number, "ACC-7001", "Atelier Céramique", "Trade",
                                       True, 3, 45_000)


# --- the query in the URL ---

def test_the_url_round_trip_keeps_every_part_of_the_query():
    params = {"q": "lopez", "group": "none", "country": "FR", "newsletter": "yes", "verified": "no",
              "blocked": "no", "approved": "yes", "exempt": "no", "orders": "yes", "created_from": "2025-01-01",
              "created_to": "2025-12-31", "last_order_from": "2026-01-01", "last_order_to": "2026-06-30",
              "spent_above": "120.50", "sort": "total_spent", "dir": "asc", "page": "3", "size": "100",
              "ids": "4,8,15"}
    query = query_from_params(params)
    assert query.spent_above_cents == 12_050 and query.ids == (4, 8, 15) and query.group_id == 0
    assert query_to_params(query) == params
    assert query_from_params(query_to_params(query)) == query
    assert query_to_params(RegisterQuery()) == {}


@pytest.mark.parametrize("params", [
    {"q": ["lopez"], "group": "abc", "country": "FRA", "newsletter": "maybe", "created_from": "2025-13-01",
     "spent_above": "-5", "sort": "password_hash", "dir": "sideways", "page": "-1", "size": "7", "ids": "1,x,-3"},
    {"page": "999999999", "size": "100000", "group": "-2", "spent_above": "1e9", "created_to": "yesterday"},
    "not a dict",
    None,
])
def test_forged_params_are_ignored(params):
    query = query_from_params(params)
    assert query.text == "" and query.group_id is None and query.country == "" and query.newsletter is None
    assert query.created_from is None and query.created_to is None and query.spent_above_cents is None
    assert query.sort == "created" and query.page == 1 and query.page_size == 50
    assert all(isinstance(value, int) and value > 0 for value in query.ids)


def test_a_huge_query_is_cut(db, register):
    query = query_from_params({"q": "x" * 10_000, "ids": ",".join(str(n) for n in range(1, 5000))})
    assert len(query.text) == 100 and len(query.ids) == 1000
    assert search_customers(db, query, region="FR").total == 0


# --- assigning a group to a selection ---

@pytest.fixture
def staff(db, merchant):
    def make(role: str = "staff", read_only: bool = False):
        merchant.role, merchant.read_only = role, read_only
        db.add(merchant)
        db.commit()
        return merchant

    return make


def test_assign_group_moves_the_selection_and_audits_each_customer(db, register, staff):
    editor = staff("staff")
    ids = [register["smith"].id, register["moreau"].id, register["lopez"].id]
    assert assign_group(db, ids, register["hotels"].id, merchant=editor) == 3
    db.commit()
    assert found(db, group_id=register["hotels"].id) == ["Moreau", "Durand", "Smith", "López"]
    events = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.group_assigned")).all()
    assert sorted(event.customer_id for event in events) == sorted(ids)
    assert {event.merchant_user_id for event in events} == {editor.id}
    # Again: nobody changes group, nothing more is written.
    assert assign_group(db, ids, register["hotels"].id, merchant=editor) == 0


def test_assign_no_group(db, register, staff):
    owner = staff("owner")
    assert assign_group(db, [register["lopez"].id, register["durand"].id], 0, merchant=owner) == 2
    db.commit()
    assert db.get(Customer, register["lopez"].id).group_id is None
    assert found(db, group_id=0) == ["Moreau", "Durand", "Smith", "López"]


def test_read_only_staff_may_search_but_not_assign(db, register, staff):
    reader = staff("staff", read_only=True)
    with pytest.raises(PermissionDenied):
        assign_group(db, [register["lopez"].id], register["hotels"].id, merchant=reader)
    assert db.get(Customer, register["lopez"].id).group_id == register["trade"].id


def test_an_inactive_merchant_may_not_assign(db, register, staff):
    owner = staff("owner")
    owner.is_active = False
    with pytest.raises(PermissionDenied):
        assign_group(db, [register["lopez"].id], 0, merchant=owner)


@pytest.mark.parametrize(("ids", "group", "key"), [
    ("all", "hotels", "admin.register.bulk.none_selected"),
    ([], "hotels", "admin.register.bulk.none_selected"),
    ([True], "hotels", "admin.register.bulk.none_selected"),
    (["1"], "hotels", "admin.register.bulk.none_selected"),
    ([-1], "hotels", "admin.register.bulk.none_selected"),
    (list(range(1, 1002)), "hotels", "admin.register.bulk.none_selected"),
    ("lopez", 999, "admin.register.bulk.unknown_group"),
    ("lopez", -1, "admin.register.bulk.unknown_group"),
    ("lopez", "1", "admin.register.bulk.unknown_group"),
    ("lopez", None, "admin.register.bulk.unknown_group"),
])
def test_assign_group_refuses_bad_input(db, register, staff, ids, group, key):
    owner = staff("owner")
    ids = [register["lopez"].id] if ids == "lopez" else ids
    group = register["hotels"].id if group == "hotels" else group
    with pytest.raises(BulkActionRefused) as refused:
        assign_group(db, ids, group, merchant=owner)
    assert refused.value.key == key
    assert db.get(Customer, register["lopez"].id).group_id == register["trade"].id


def test_unknown_customer_ids_are_skipped(db, register, staff):
    assert assign_group(db, [99_999], register["hotels"].id, merchant=staff("owner")) == 0


# --- the page's handler: the server checks again, whatever the browser shows ---

class FakeRegisterState:
    """What CustomerRegisterState.assign_group uses of a live state: its own helpers on the real code, the
    merchant's session token, and a unit of work on the test database."""

    from backoffice.state.auth import AdminState
    from backoffice.state.customers import CustomerRegisterState
    from storefront.state.app import AppState

    _as_merchant = AdminState._as_merchant
    _refusal = AdminState._refusal
    _gated = AdminState._gated
    _fill = CustomerRegisterState._fill
    _show = AppState._show
    _t = AppState._t
    language = "en"

    def __init__(self, engine, token: str, page_ids: list[int]):
        self._engine, self.token = engine, token
        self._params, self._page_ids, self.selected = {}, page_ids, list(page_ids)
        self.params, self.form_key, self.total, self.page, self.pages, self.groups = {}, "", 0, 1, 1, []
        self.assigning = False

    def _token(self):
        return self.token

    def _work(self, work):
        from sqlmodel import Session

        with Session(self._engine, expire_on_commit=False) as db:
            result = work(db)
            db.commit()
            return result


def _assign_through_the_page(engine, token, page_ids, form) -> tuple[FakeRegisterState, list]:

    from backoffice.state.customers import CustomerRegisterState

    fake = FakeRegisterState(engine, token, page_ids)

    async def run():
        return [event async for event in CustomerRegisterState.assign_group.fn(fake, form)]

    return fake, run_coroutine(run())


def _session_for(db, merchant) -> str:
    from shop.identity import sessions

    token = sessions.start_session(db, merchant_user_id=merchant.id)
    db.commit()
    return token


def test_the_page_refuses_read_only_staff_and_writes_nothing(db, engine, register, staff):
    reader = staff("staff", read_only=True)
    lopez = register["lopez"].id
    fake, events = _assign_through_the_page(engine, _session_for(db, reader), [lopez],
                                            {"assign_group": str(register["hotels"].id)})
    db.expire_all()
    assert db.get(Customer, lopez).group_id == register["trade"].id
    assert not fake.assigning and fake.selected == [lopez]
    assert any("read-only" in str(event) for event in events)


def test_the_page_assigns_for_staff_who_may_edit(db, engine, register, staff):
    editor = staff("staff")
    ids = [register["lopez"].id, register["smith"].id]
    fake, events = _assign_through_the_page(engine, _session_for(db, editor), ids, {"assign_group": "none"})
    db.expire_all()
    assert db.get(Customer, register["lopez"].id).group_id is None
    assert fake.selected == [] and fake.total == 4
    assert any("Group changed for 1 customer" in str(event) for event in events)


@pytest.mark.parametrize("form", [{}, {"assign_group": 7}, {"assign_group": "-1"}, {"assign_group": "9" * 40},
                                  "junk", {"assign_group": "999"}])
def test_the_page_refuses_forged_group_values(db, engine, register, staff, form):
    owner = staff("owner")
    _assign_through_the_page(engine, _session_for(db, owner), [register["lopez"].id], form)
    db.expire_all()
    assert db.get(Customer, register["lopez"].id).group_id == register["trade"].id


def test_the_page_without_a_session_changes_nothing(db, engine, register):
    _assign_through_the_page(engine, "", [register["lopez"].id], {"assign_group": "none"})
    db.expire_all()
    assert db.get(Customer, register["lopez"].id).group_id == register["trade"].id


# --- the PostgreSQL form of the search (documents LIKE '%word%', served there by pg_trgm indexes) ---

@pytest.mark.parametrize(("text", "expected"), [
    ("smith", ["Smith"]),
    ("MOREAU", ["Moreau"]),
    ("manchester", ["Smith"]),  # an address
    ("ACC-7001", ["López"]),
    ("paul mor", ["Moreau"]),
    ("06 12 34 56 78", ["López"]),
    ("Mo", ["Moreau"]),  # short: a prefix
    ("50%_", []),  # LIKE's wildcards are typed text
])
def test_the_postgresql_search_finds_the_same_customers(db, register, text, expected):
    from shop.customers.register import _phone_forms, _postgres_text_condition

    condition = _postgres_text_condition(text, _phone_forms(text, "FR"))
    found_names = db.exec(select(Customer.last_name).where(condition).order_by(Customer.id.desc())).all()
    assert list(found_names) == expected


def test_the_postgresql_search_compiles_to_the_indexed_documents():
    from sqlalchemy.dialects import postgresql

    from shop.customers import search_index
    from shop.customers.register import _postgres_text_condition

    sql = str(select(Customer.id).where(_postgres_text_condition("lopez", [])).compile(dialect=postgresql.dialect()))
    assert f"{search_index.POSTGRES_CUSTOMER_DOCUMENT} LIKE" in sql
    assert f"{search_index.POSTGRES_ADDRESS_DOCUMENT} LIKE" in sql
