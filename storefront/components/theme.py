"""Colours and sizes shared by the storefront and the back-office."""

ACCENT = "grass"
GRAY = "sand"
PAGE_MAX_WIDTH = "1200px"
CREAM = "#f6f3ee"  # the footer (assets/styles.css, .shop-footer)
INK = "#2b2b2b"
