"""Colours shared by the storefront and the back-office (the shell's widths and colours are in assets/styles.css)."""

ACCENT = "grass"
GRAY = "sand"
INK = "#2b2b2b"
