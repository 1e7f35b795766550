"""The HTML the server sends for a product page: its own title and description, 404 when unknown."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from shop.db import session_scope
from shop.migrate import upgrade_database
from shop.models import Product
from storefront.product_meta import product_meta

PRERENDERED = ('<!DOCTYPE html><html><head><meta charSet="utf-8"/><meta content="The shop." name="description"/>'
               '<meta property="og:description" content="The shop."/></head><body>app</body></html>')


def client(cli_db) -> TestClient:
    upgrade_database(cli_db)
    with session_scope() as db:
        db.add(Product(slug="mug", sku="M", name="Sage <Mug>", name_fr="Tasse", price_cents=2400, stock=3,
                       description="A generous mug. " * 20, description_fr="Une tasse généreuse."))
    inner = Starlette(routes=[Route("/{path:path}", lambda request: HTMLResponse(PRERENDERED))])
    return TestClient(product_meta(inner))


def test_a_product_page_carries_its_title_and_description(cli_db):
    response = client(cli_db).get("/products/mug", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "<title>Sage &lt;Mug&gt; · Maison Lumen</title>" in response.text  # escaped
    description = response.text.split('<meta name="description" content="')[1].split('"')[0]
    assert description.startswith("A generous mug.") and len(description) <= 160 and description.endswith("…")
    assert response.text.count('name="description"') == 1 and "The shop." not in response.text  # replaced
    assert int(response.headers["content-length"]) == len(response.content)


def test_the_rewritten_page_is_gzipped_for_a_browser_that_accepts_it(cli_db):
    import gzip

    shop = client(cli_db)
    plain = shop.get("/products/mug", headers={"Accept-Encoding": "identity"})
    with shop.stream("GET", "/products/mug", headers={"Accept-Encoding": "gzip, deflate, br"}) as zipped:
        raw = b"".join(zipped.iter_raw())
        assert zipped.headers["content-encoding"] == "gzip" and zipped.headers["vary"] == "Accept-Encoding"
        assert int(zipped.headers["content-length"]) == len(raw) < len(plain.content)
    assert gzip.decompress(raw) == plain.content
    assert "content-encoding" not in plain.headers


def test_the_visitors_language_is_used(cli_db):
    french = client(cli_db)
    french.cookies.set("ml_lang", "fr")
    response = french.get("/products/mug")
    assert "<title>Tasse · Maison Lumen</title>" in response.text and "Une tasse généreuse." in response.text


def test_an_unknown_product_answers_404_with_a_real_title(cli_db):
    response = client(cli_db).get("/products/no-such-thing")
    assert response.status_code == 404
    assert "<title>This product is no longer available</title>" in response.text


def test_other_pages_pass_through_untouched(cli_db):
    response = client(cli_db).get("/cart")
    assert response.status_code == 200 and response.text == PRERENDERED


def test_a_members_only_shop_tells_visitors_nothing_about_its_products(cli_db):
    shop = client(cli_db)
    with session_scope() as db:
        from shop.settings.store import get_store_settings

        get_store_settings(db).registration_mode = "members_only"
    for path in ("/products/mug", "/products/no-such-thing"):
        response = shop.get(path)
        assert response.status_code == 200 and response.text == PRERENDERED


def test_a_prerendered_page_is_served_without_a_trailing_slash_redirect(monkeypatch):
    from starlette.responses import PlainTextResponse

    from storefront import page_paths

    monkeypatch.setattr(page_paths, "_pages", lambda: frozenset({"/cart", "/account/profile"}))
    inner = Starlette(routes=[Route("/{path:path}", lambda request: PlainTextResponse(request.url.path),
                                    methods=["GET", "POST"])])
    served = TestClient(page_paths.page_paths(inner))
    assert served.get("/cart").text == "/cart.html"
    assert served.get("/account/profile").text == "/account/profile.html"
    assert served.get("/products/mug").text == "/products/mug"  # not a prerendered page: untouched
    assert served.post("/cart").text == "/cart"


FALLBACK = ('<!DOCTYPE html><html><head><title>Shop</title>'
            '<link rel="modulepreload" href="/assets/manifest-1a2b.js"/>'
            '<link rel="modulepreload" href="/assets/ui-X.js"/></head><body>app</body></html>')
MANIFEST = ('window.__reactRouterManifest={"entry":{"module":"/assets/entry.client-E.js"},"routes":{'
            '"root":{"id":"root","path":"","module":"/assets/root-R.js","imports":[]},'
            '"routes/[products].$[slug]._index":{"path":"products/:slug","module":"/assets/_products_-P.js",'
            '"imports":["/assets/ui-X.js","/assets/catalog-C.js"]}}};')


def add_mug_with_image(cli_db) -> None:
    from shop.models import ProductImage

    upgrade_database(cli_db)
    with session_scope() as db:
        mug = Product(slug="mug", sku="M", name="Mug", price_cents=2400, stock=3, description="A mug.")
        db.add(mug)
        db.flush()
        db.add(ProductImage(product_id=mug.id, path="images/products/mug.svg", position=0))


def build_client(manifest: str | None = MANIFEST) -> TestClient:
    """The product middleware over a stand-in for the build: the fallback page and its manifest."""
    from starlette.responses import Response

    def serve(request):
        if request.url.path == "/assets/manifest-1a2b.js":
            return Response(manifest, media_type="text/javascript") if manifest else Response("", status_code=404)
        return HTMLResponse(FALLBACK)

    return TestClient(product_meta(Starlette(routes=[Route("/{path:path}", serve)])))


def test_a_product_page_preloads_its_route_scripts_and_its_image(cli_db):
    add_mug_with_image(cli_db)
    page = build_client().get("/products/mug").text
    head = page.split("</head>")[0]
    for script in ("/assets/_products_-P.js", "/assets/catalog-C.js"):
        assert f'<link rel="modulepreload" href="{script}"/>' in head
    assert head.count('href="/assets/ui-X.js"') == 1  # already in the page: not twice
    assert "root-R.js" not in head and "entry.client" not in head  # only the product route's own
    assert '<link rel="preload" as="image" href="/images/products/mug.svg"/>' in head


def test_without_a_readable_manifest_the_page_is_still_served(cli_db):
    add_mug_with_image(cli_db)
    for manifest in (None, "not a manifest", 'window.__reactRouterManifest={"routes":[1]};'):
        response = build_client(manifest).get("/products/mug")
        assert response.status_code == 200 and "<title>Mug · Maison Lumen</title>" in response.text
        assert "modulepreload\" href=\"/assets/_products_" not in response.text


def test_an_unknown_product_preloads_nothing(cli_db):
    add_mug_with_image(cli_db)
    response = build_client().get("/products/no-such-thing")
    assert response.status_code == 404 and "_products_" not in response.text and "as=\"image\"" not in response.text
