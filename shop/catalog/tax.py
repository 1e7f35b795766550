"""VAT: which rate applies to a buyer, and the share of a price that is VAT.

Prices in the catalogue include the VAT of the shop's country. A buyer in another EU country pays the
VAT of their country (the EU's one-stop-shop rule for sales at a distance); outside the EU the sale is
an export and carries no EU VAT. Tax-exempt customers, and EU businesses with a valid VAT number from
another country than the shop's (reverse charge), pay the net price.

python-stdnum checks a VAT number's format and check digits only, not that it is registered (VIES).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stdnum.eu import vat as eu_vat

# Standard rates in basis points (2000 = 20 %), 2026.
EU_STANDARD_VAT_BP = {
    "AT": 2000, "BE": 2100, "BG": 2000, "CY": 1900, "CZ": 2100, "DE": 1900, "DK": 2500, "EE": 2400,
    "ES": 2100, "FI": 2550, "FR": 2000, "GR": 2400, "HR": 2500, "HU": 2700, "IE": 2300, "IT": 2200,
    "LT": 2100, "LU": 1700, "LV": 2100, "MT": 1800, "NL": 2100, "PL": 2300, "PT": 2300, "RO": 2100,
    "SE": 2500, "SI": 2200, "SK": 2300,
}
VAT_PREFIX_COUNTRY = {"EL": "GR"}  # a Greek VAT number starts with EL


@dataclass(frozen=True)
class TaxRule:
    """What VAT a buyer pays: the rate, and why none when none is due."""

    rate_bp: int  # 0 when no VAT is charged
    shop_rate_bp: int  # the rate the catalogue prices include
    exempt: bool = False
    reverse_charge: bool = False

    @property
    def net_prices(self) -> bool:
        return self.exempt or self.reverse_charge


def rate_for(country: str) -> int:
    return EU_STANDARD_VAT_BP.get((country or "").upper(), 0)


def vat_number_country(vat_number: str) -> str | None:
    """The EU country of a valid VAT number, or None (invalid, empty, or not an EU number)."""
    if not vat_number or not eu_vat.is_valid(vat_number):
        return None
    prefix = eu_vat.compact(vat_number)[:2].upper()
    country = VAT_PREFIX_COUNTRY.get(prefix, prefix)
    return country if country in EU_STANDARD_VAT_BP else None


def tax_rule(*, shop_country: str, destination: str, exempt: bool = False, vat_number: str = "") -> TaxRule:
    shop_rate = rate_for(shop_country)
    if exempt:
        return TaxRule(0, shop_rate, exempt=True)
    buyer_country = vat_number_country(vat_number)
    destination = (destination or shop_country).upper()
    # Intra-EU reverse charge: a business registered in another EU country, and the goods go there (the
    # checkout checks a VAT number against the delivery country). Delivered here, it is a domestic sale.
    if buyer_country is not None and buyer_country == destination and buyer_country != shop_country.upper():
        return TaxRule(0, shop_rate, reverse_charge=True)
    if destination not in EU_STANDARD_VAT_BP:
        return TaxRule(0, shop_rate)  # an export
    return TaxRule(rate_for(destination), shop_rate)


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def adjusted(cents: int, adjustment_bp: int) -> int:
    """A price moved by a percentage in basis points (-1500: 15 % off), half a cent up, as every amount here."""
    return max(0, _cents(Decimal(cents) * (10_000 + adjustment_bp) / 10_000))


def unit_price(catalogue_cents: int, rule: TaxRule) -> int:
    """The price a buyer pays per unit, in cents: the catalogue price with the shop's VAT taken out and
    the buyer's put in. Unchanged when both rates are the same."""
    if rule.rate_bp == rule.shop_rate_bp:
        return catalogue_cents
    net = Decimal(catalogue_cents) * 10_000 / (10_000 + rule.shop_rate_bp)
    return _cents(net * (10_000 + rule.rate_bp) / 10_000)


def vat_in(total_cents: int, rate_bp: int) -> int:
    """The VAT share of a VAT-included amount, rounded to the cent (once per line)."""
    return _cents(Decimal(total_cents) * rate_bp / (10_000 + rate_bp)) if rate_bp else 0
