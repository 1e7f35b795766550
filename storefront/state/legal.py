"""/legal/<page>: the terms of sale, legal notice, privacy, shipping and returns."""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session

from shop import routes
from shop.i18n import LANGUAGES
from shop.legal.pages import legal_text
from shop.models import Customer
from storefront.state.app import language_var
from storefront.state.shop import ShopState


class LegalState(ShopState):
    open_to_visitors: ClassVar[bool] = True  # a visitor reads the terms before joining
    # An area (AppState.dict): page loads elsewhere leave the legal pages out.
    area_path: ClassVar[str] = routes.LEGAL.rsplit("/", 1)[0]
    _area_in_browser: bool = False
    _paragraphs_by_lang: dict[str, list[str]] = {}
    page: str = ""  # the page code shown ("terms"), "" when unknown
    loaded: bool = False

    @language_var
    def paragraphs(self) -> list[str]:
        return self._paragraphs_by_lang.get(self.language, [])

    def _load(self, db: Session, customer: Customer | None):
        code = self._last_path_segment()
        texts = {lang: legal_text(db, code, lang) for lang in LANGUAGES}
        found = all(text is not None for text in texts.values())
        self.page = code if found else ""
        self._paragraphs_by_lang = texts if found else {}
        self.loaded = True
