"""Maison Lumen: a reactive web shop on Reflex (storefront, customer portal, back-office)."""
