"""Generate flat SVG product illustrations for the demo catalogue into assets/images/products/."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shop.demo.catalogue import DEMO_PRODUCTS  # noqa: E402

OUT_DIR = ROOT / "assets" / "images" / "products"
SIZE = 800
# Per-category zoom so every object fills the frame similarly.
SCALE = {"textiles": 1.4, "kitchen": 1.1, "candles": 1.2}


# --- colour helpers ---------------------------------------------------------

def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def mix(a: str, b: str, t: float) -> str:
    """Blend colour a towards colour b by t (0..1)."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))


def light(c: str, t: float) -> str:
    return mix(c, "#ffffff", t)


def dark(c: str, t: float) -> str:
    return mix(c, "#1b1714", t)


# --- shared pieces ----------------------------------------------------------

def shadow(cx: float = 400, cy: float = 648, rx: float = 210, ry: float = 26) -> str:
    return f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="url(#sh)"/>'


def flame(x: float, y: float, s: float = 1.0) -> str:
    return (
        f'<g transform="translate({x} {y}) scale({s})">'
        '<ellipse cx="0" cy="-14" rx="34" ry="40" fill="#ffd27a" opacity=".25"/>'
        '<path d="M0-52C14-30 16-14 14-4C12 6 6 10 0 10C-6 10-12 6-14-4C-16-14-14-30 0-52Z" fill="#f4a03a"/>'
        '<path d="M0-30C7-18 8-8 6-2C5 3 3 5 0 5C-3 5-5 3-6-2C-8-8-7-18 0-30Z" fill="#ffe6a1"/>'
        '</g>'
    )


# --- ceramics ---------------------------------------------------------------

def mug(c: str) -> str:
    return (
        shadow(400, 648, 190)
        + f'<path d="M495 420C585 420 585 560 495 560" fill="none" stroke="{dark(c, .18)}" stroke-width="30" stroke-linecap="round"/>'
        + f'<path d="M290 360H510V600Q510 640 470 640H330Q290 640 290 600Z" fill="{c}"/>'
        + f'<path d="M290 360H360V640H330Q290 640 290 600Z" fill="{light(c, .18)}" opacity=".6"/>'
        + f'<path d="M460 360H510V600Q510 640 470 640H460Z" fill="{dark(c, .12)}" opacity=".5"/>'
        + f'<ellipse cx="400" cy="360" rx="110" ry="22" fill="{dark(c, .3)}"/>'
        + f'<ellipse cx="400" cy="364" rx="98" ry="16" fill="{dark(c, .45)}"/>'
    )


def bowl(c: str) -> str:
    return (
        shadow(400, 650, 230)
        + f'<path d="M215 470H585C585 580 510 640 400 640C290 640 215 580 215 470Z" fill="{c}"/>'
        + f'<path d="M215 470H300C300 570 340 630 400 640C290 640 215 580 215 470Z" fill="{light(c, .2)}" opacity=".7"/>'
        + f'<ellipse cx="400" cy="470" rx="185" ry="40" fill="{light(c, .35)}"/>'
        + f'<ellipse cx="400" cy="474" rx="168" ry="31" fill="{dark(c, .12)}"/>'
        + f'<rect x="345" y="632" width="110" height="14" rx="6" fill="{dark(c, .22)}"/>'
    )


def vase(c: str) -> str:
    return (
        shadow(400, 648, 150)
        + f'<path d="M372 250H428V300C428 340 500 380 500 480C500 580 460 640 400 640C340 640 300 580 300 480C300 380 372 340 372 300Z" fill="{c}"/>'
        + f'<path d="M372 250H392V300C392 340 330 390 330 480C330 570 360 630 400 640C340 640 300 580 300 480C300 380 372 340 372 300Z" fill="{light(c, .22)}" opacity=".7"/>'
        + f'<ellipse cx="400" cy="250" rx="30" ry="9" fill="{dark(c, .35)}"/>'
        + f'<path d="M400 250C398 200 410 160 440 130M412 190C430 180 445 182 458 190M405 215C388 205 372 206 360 214" fill="none" stroke="{dark(c, .45)}" stroke-width="5" stroke-linecap="round"/>'
    )


def plate(c: str) -> str:
    return (
        shadow(400, 610, 270, 40)
        + f'<ellipse cx="400" cy="560" rx="265" ry="95" fill="{dark(c, .12)}"/>'
        + f'<ellipse cx="400" cy="548" rx="265" ry="95" fill="{light(c, .35)}"/>'
        + f'<ellipse cx="400" cy="552" rx="180" ry="60" fill="{light(c, .18)}"/>'
        + f'<ellipse cx="400" cy="548" rx="180" ry="60" fill="none" stroke="{c}" stroke-width="4"/>'
        + f'<path d="M190 520C230 480 300 462 360 458" fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round" opacity=".6"/>'
    )


# --- coffee -----------------------------------------------------------------

def coffee_bag(c: str, i: int) -> str:
    band = ["#f4ead9", "#fbf4e2", "#eef1f0", "#e9d8bf"][i % 4]
    accent = light(c, .45)
    beans = ""
    if i % 2 == 0:
        for bx, by, r in ((250, 632, -20), (560, 628, 25), (590, 646, -10)):
            beans += (
                f'<g transform="translate({bx} {by}) rotate({r})"><ellipse rx="20" ry="14" fill="{dark(c, .35)}"/>'
                f'<path d="M-16 0C-6-5 6 5 16 0" fill="none" stroke="{dark(c, .7)}" stroke-width="3"/></g>'
            )
    label = (
        f'<rect x="305" y="420" width="190" height="120" fill="{band}"/>'
        f'<rect x="305" y="420" width="190" height="8" fill="{accent}"/>'
        f'<rect x="305" y="532" width="190" height="8" fill="{accent}"/>'
        f'<circle cx="400" cy="480" r="26" fill="none" stroke="{c}" stroke-width="5"/>'
        f'<ellipse cx="400" cy="480" rx="9" ry="14" fill="{c}"/>'
    )
    if i % 4 == 1:
        label = (
            f'<circle cx="400" cy="480" r="70" fill="{band}"/>'
            f'<circle cx="400" cy="480" r="56" fill="none" stroke="{accent}" stroke-width="5"/>'
            f'<ellipse cx="400" cy="480" rx="14" ry="22" fill="{c}"/>'
        )
    return (
        shadow(400, 648, 200)
        + f'<path d="M300 250H500L520 620Q520 640 500 640H300Q280 640 280 620Z" fill="{c}"/>'
        + f'<path d="M300 250H335L320 640H300Q280 640 280 620Z" fill="{light(c, .15)}" opacity=".6"/>'
        + f'<path d="M470 250H500L520 620Q520 640 500 640H490Z" fill="{dark(c, .18)}" opacity=".6"/>'
        + f'<rect x="296" y="226" width="208" height="34" rx="4" fill="{dark(c, .2)}"/>'
        + f'<rect x="280" y="238" width="240" height="10" rx="5" fill="#c9a86a"/>'
        + label
        + f'<circle cx="400" cy="330" r="11" fill="{dark(c, .3)}"/><circle cx="400" cy="330" r="5" fill="{light(c, .3)}"/>'
        + beans
    )


# --- tea --------------------------------------------------------------------

def tea_tin(c: str, i: int) -> str:
    h = [0, 30, -20][i % 3]
    top = 320 - h
    return (
        shadow(400, 648, 170)
        + f'<path d="M290 {top}H510V618Q510 640 400 640Q290 640 290 618Z" fill="{c}"/>'
        + f'<rect x="290" y="{top}" width="50" height="{640 - top - 10}" fill="{light(c, .2)}" opacity=".6"/>'
        + f'<rect x="470" y="{top}" width="40" height="{640 - top - 10}" fill="{dark(c, .15)}" opacity=".6"/>'
        + f'<rect x="290" y="{top + 110}" width="220" height="130" fill="{light(c, .82)}"/>'
        + f'<rect x="290" y="{top + 118}" width="220" height="4" fill="{light(c, .3)}"/>'
        + f'<rect x="290" y="{top + 228}" width="220" height="4" fill="{light(c, .3)}"/>'
        + f'<path d="M400 {top + 140}C430 {top + 150} 432 {top + 190} 400 {top + 210}C368 {top + 190} 370 {top + 150} 400 {top + 140}Z" fill="{c}"/>'
        + f'<path d="M400 {top + 146}V{top + 206}" stroke="{light(c, .6)}" stroke-width="3"/>'
        + f'<rect x="282" y="{top - 46}" width="236" height="60" rx="10" fill="{dark(c, .22)}"/>'
        + f'<rect x="282" y="{top - 46}" width="236" height="12" rx="6" fill="{light(c, .1)}" opacity=".7"/>'
    )


def teapot(c: str) -> str:
    return (
        shadow(400, 648, 230)
        + f'<path d="M262 560C215 545 190 470 160 398Q172 384 188 392C215 450 240 462 280 466Z" fill="{dark(c, .08)}"/>'
        + f'<path d="M545 450C620 440 630 560 540 575" fill="none" stroke="{dark(c, .2)}" stroke-width="26" stroke-linecap="round"/>'
        + f'<path d="M400 360C520 360 570 440 570 520C570 600 510 640 400 640C290 640 230 600 230 520C230 440 280 360 400 360Z" fill="{c}"/>'
        + f'<path d="M400 360C320 370 270 440 270 520C270 590 320 630 400 640C290 640 230 600 230 520C230 440 280 360 400 360Z" fill="{light(c, .15)}" opacity=".7"/>'
        + "".join(
            f'<circle cx="{x}" cy="{y}" r="7" fill="{dark(c, .25)}"/>'
            for y in (430, 470, 510) for x in range(300, 520, 40)
        )
        + f'<ellipse cx="400" cy="368" rx="110" ry="22" fill="{dark(c, .3)}"/>'
        + f'<path d="M330 365C330 320 470 320 470 365Z" fill="{dark(c, .12)}"/>'
        + f'<circle cx="400" cy="318" r="16" fill="{dark(c, .3)}"/>'
        + f'<path d="M290 380C300 260 500 260 510 380" fill="none" stroke="{dark(c, .4)}" stroke-width="12" stroke-linecap="round"/>'
    )


# --- textiles ---------------------------------------------------------------

def textile_stack(c: str, i: int) -> str:
    layers = [3, 4, 3, 3][i % 4]
    w = [300, 260, 340, 380][i % 4]
    th = [56, 44, 70, 60][i % 4]
    x0 = 400 - w / 2
    parts = [shadow(400, 648, w / 2 + 40)]
    for k in range(layers):
        y = 640 - (k + 1) * th
        col = c if k % 2 == 0 else light(c, .14)
        off = (-8 if k % 2 else 6)
        x = x0 + off
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{th}" rx="{th / 2.4:.0f}" fill="{col}"/>')
        parts.append(f'<rect x="{x + 10}" y="{y + th - 12}" width="{w - 20}" height="6" rx="3" fill="{dark(c, .18)}" opacity=".55"/>')
        parts.append(f'<path d="M{x + th / 2.4:.0f} {y + 10}H{x + w - th / 2.4:.0f}" stroke="{light(c, .4)}" stroke-width="3" opacity=".8"/>')
        if i % 4 == 0:  # striped tea towels
            parts.append(f'<rect x="{x + w * .62:.0f}" y="{y}" width="22" height="{th}" fill="#f3ede2" opacity=".9"/>')
            parts.append(f'<rect x="{x + w * .62 + 30:.0f}" y="{y}" width="8" height="{th}" fill="#f3ede2" opacity=".9"/>')
        if i % 4 == 2:  # waffle texture
            for gx in range(int(x + 30), int(x + w - 20), 26):
                parts.append(f'<path d="M{gx} {y + 16}V{y + th - 16}" stroke="{dark(c, .12)}" stroke-width="2" opacity=".6"/>')
    if i % 4 == 1:  # napkin tied with twine
        top = 640 - layers * th
        parts.append(f'<rect x="385" y="{top - 4}" width="10" height="{layers * th + 4}" fill="#c9a86a"/>')
    return "".join(parts)


# --- candles ----------------------------------------------------------------

def candle(c: str, i: int) -> str:
    big = i % 4 == 3
    small = i % 4 == 2
    w = 300 if big else (170 if small else 220)
    h = 240 if big else (170 if small else 260)
    x0, top = 400 - w / 2, 640 - h
    wax = light(c, .72)
    glass = light(c, .35)
    parts = [shadow(400, 648, w / 2 + 50)]
    if small:  # lid resting beside the jar
        parts.append(f'<ellipse cx="560" cy="626" rx="70" ry="16" fill="{dark(c, .25)}"/>'
                     f'<rect x="490" y="606" width="140" height="20" rx="6" fill="{dark(c, .1)}"/>'
                     f'<ellipse cx="560" cy="606" rx="70" ry="14" fill="{light(c, .1)}"/>')
    parts.append(f'<path d="M{x0} {top}H{x0 + w}V{618}Q{x0 + w} 640 {x0 + w - 22} 640H{x0 + 22}Q{x0} 640 {x0} 618Z" fill="{glass}" opacity=".9"/>')
    wt = top + 40
    parts.append(f'<rect x="{x0 + 12}" y="{wt}" width="{w - 24}" height="{640 - wt - 12}" rx="14" fill="{wax}"/>')
    parts.append(f'<ellipse cx="400" cy="{wt}" rx="{w / 2 - 12}" ry="12" fill="{light(c, .82)}"/>')
    parts.append(f'<rect x="{x0}" y="{top + 90}" width="{w}" height="{min(90, h - 120)}" fill="{c}"/>')
    parts.append(f'<rect x="{x0 + w / 2 - 30}" y="{top + 110}" width="60" height="{min(90, h - 120) - 40}" rx="4" fill="{light(c, .85)}"/>')
    parts.append(f'<rect x="{x0 + 14}" y="{top + 10}" width="14" height="{h - 30}" rx="7" fill="#fff" opacity=".45"/>')
    parts.append(f'<ellipse cx="400" cy="{top}" rx="{w / 2}" ry="10" fill="none" stroke="{light(c, .55)}" stroke-width="4"/>')
    wicks = (310, 400, 490) if big else (400,)
    for wx in wicks:
        parts.append(f'<path d="M{wx} {wt}V{wt - 16}" stroke="#3a2e28" stroke-width="4" stroke-linecap="round"/>')
        parts.append(flame(wx, wt - 20, .8 if big else 1))
    return "".join(parts)


# --- kitchen ----------------------------------------------------------------

def board(c: str) -> str:
    return (
        shadow(400, 640, 290, 30)
        + f'<path d="M150 560Q150 520 200 520H560Q600 520 620 545L690 545Q710 545 710 560Q710 575 690 575L620 575Q600 600 560 600H200Q150 600 150 560Z" fill="{dark(c, .2)}" transform="translate(0 22)"/>'
        + f'<path d="M150 560Q150 520 200 520H560Q600 520 620 545L690 545Q710 545 710 560Q710 575 690 575L620 575Q600 600 560 600H200Q150 600 150 560Z" fill="{c}"/>'
        + f'<circle cx="690" cy="560" r="7" fill="{dark(c, .4)}"/>'
        + f'<path d="M190 548C280 538 380 556 470 546S560 540 590 550M200 572C300 566 380 580 480 570" fill="none" stroke="{dark(c, .18)}" stroke-width="3" opacity=".7"/>'
        + '<path d="M300 520L330 470H420L440 520Z" fill="#f2d48a"/><path d="M330 470L420 470L390 500Z" fill="#e8c06a"/>'
        + '<circle cx="360" cy="498" r="6" fill="#e0b55a"/><circle cx="400" cy="506" r="4" fill="#e0b55a"/>'
        + '<ellipse cx="500" cy="506" rx="26" ry="16" fill="#6c7a3a"/><ellipse cx="540" cy="510" rx="22" ry="14" fill="#7f8c45"/>'
    )


def spoon(c: str) -> str:
    return (
        shadow(400, 620, 280, 26)
        + f'<g transform="rotate(-14 400 520)">'
        + f'<rect x="140" y="508" width="360" height="28" rx="14" fill="{c}"/>'
        + f'<rect x="140" y="508" width="360" height="10" rx="5" fill="{light(c, .25)}"/>'
        + f'<ellipse cx="580" cy="522" rx="110" ry="66" fill="{c}"/>'
        + f'<ellipse cx="586" cy="522" rx="86" ry="48" fill="{dark(c, .14)}"/>'
        + f'<ellipse cx="560" cy="506" rx="40" ry="14" fill="{light(c, .2)}" opacity=".7"/>'
        + f'<circle cx="162" cy="522" r="6" fill="{dark(c, .35)}"/>'
        + "</g>"
    )


def jar(c: str) -> str:
    glass = light(c, .55)
    return (
        shadow(400, 648, 170)
        + f'<path d="M290 300H510V610Q510 640 480 640H320Q290 640 290 610Z" fill="{glass}" opacity=".85"/>'
        + f'<path d="M302 420H498V606Q498 628 476 628H324Q302 628 302 606Z" fill="#e6cf98"/>'
        + "".join(
            f'<ellipse cx="{x}" cy="{y}" rx="13" ry="7" fill="#d4b679" transform="rotate({(x * 7) % 50 - 25} {x} {y})"/>'
            for x, y in ((330, 450), (380, 440), (440, 452), (470, 470), (350, 500), (410, 490),
                         (460, 530), (330, 560), (390, 560), (450, 590), (360, 610), (420, 620))
        )
        + f'<rect x="306" y="310" width="18" height="300" rx="9" fill="#fff" opacity=".5"/>'
        + f'<rect x="298" y="270" width="204" height="42" rx="8" fill="#c9a270"/>'
        + f'<rect x="298" y="300" width="204" height="10" fill="{dark(c, .25)}"/>'
        + f'<path d="M310 284H490" stroke="#b48a58" stroke-width="3"/>'
    )


def mortar(c: str) -> str:
    return (
        shadow(400, 648, 210)
        + f'<path d="M430 470L560 250" stroke="{dark(c, .1)}" stroke-width="44" stroke-linecap="round"/>'
        + f'<path d="M420 470L548 254" stroke="{light(c, .3)}" stroke-width="14" stroke-linecap="round"/>'
        + f'<path d="M240 460H560C560 570 500 620 400 620C300 620 240 570 240 460Z" fill="{light(c, .4)}"/>'
        + f'<path d="M240 460H330C330 560 360 610 400 620C300 620 240 570 240 460Z" fill="#fff" opacity=".45"/>'
        + f'<ellipse cx="400" cy="460" rx="160" ry="34" fill="{light(c, .55)}"/>'
        + f'<ellipse cx="400" cy="464" rx="138" ry="24" fill="{dark(c, .25)}"/>'
        + f'<path d="M320 612H480L470 640H330Z" fill="{c}"/>'
        + f'<path d="M300 520C320 540 350 545 370 540M460 570C480 560 500 556 520 540" fill="none" stroke="{c}" stroke-width="3" opacity=".6"/>'
    )


# --- dispatch ---------------------------------------------------------------

def draw(product: dict, i: int) -> str:
    c, cat, slug = product["color"], product["category"], product["slug"]
    if cat == "ceramics":
        for key, fn in (("mug", mug), ("bowl", bowl), ("vase", vase), ("plate", plate)):
            if key in slug:
                return fn(c)
        return (mug, bowl, vase, plate)[i % 4](c)
    if cat == "coffee":
        return coffee_bag(c, i)
    if cat == "tea":
        return teapot(c) if "teapot" in slug else tea_tin(c, i)
    if cat == "textiles":
        return textile_stack(c, i)
    if cat == "candles":
        return candle(c, i)
    if cat == "kitchen":
        for key, fn in (("board", board), ("spoon", spoon), ("jar", jar), ("mortar", mortar)):
            if key in slug:
                return fn(c)
        return (board, spoon, jar, mortar)[i % 4](c)
    return mug(c)


def render(product: dict, i: int) -> str:
    c = product["color"]
    scale = SCALE.get(product["category"], 1.15)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">'
        "<defs>"
        f'<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{light(c, .9)}"/>'
        f'<stop offset="1" stop-color="{light(c, .75)}"/></linearGradient>'
        f'<radialGradient id="sh"><stop offset="0" stop-color="{dark(c, .6)}" stop-opacity=".35"/>'
        f'<stop offset="1" stop-color="{dark(c, .6)}" stop-opacity="0"/></radialGradient>'
        "</defs>"
        f'<rect width="{SIZE}" height="{SIZE}" fill="url(#bg)"/>'
        f'<rect y="600" width="{SIZE}" height="200" fill="{light(c, .7)}" opacity=".5"/>'
        + f'<g transform="translate(400 420) scale({scale}) translate(-400 -460)">'
        + draw(product, i)
        + "</g></svg>\n"
    )


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    for product in DEMO_PRODUCTS:
        cat = product["category"]
        i = seen.get(cat, 0)
        seen[cat] = i + 1
        path = OUT_DIR / f"{product['slug']}.svg"
        path.write_text(render(product, i), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
