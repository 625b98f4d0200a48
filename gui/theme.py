"""Plot themes: colours, line widths and font sizes shared by every panel.

Colours come from the Okabe-Ito palette, which stays distinguishable under the common forms of
colour blindness; shapes (rings, hollow symbols, dashes) back up every colour distinction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

# Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design").
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Pinned runs: bluish green, orange (Okabe-Ito), indigo and wine (Tol). Under normal vision,
# protanopia and deuteranopia each is at least 18 CIELAB units from the live curves (blue,
# vermillion) and the markers (reddish purple), and 23 from each other; grey, the old colour
# of every pin, is near the dashed optimum line.
PIN_COLOURS = (OKABE_ITO["bluish_green"], OKABE_ITO["orange"], "#332288", "#882255")

MIN_FONT_SCALE = 1.0
MAX_FONT_SCALE = 3.0


@dataclass(frozen=True)
class Theme:
    """Everything a panel needs to restyle itself; colours are '#RRGGBB' strings."""

    name: str
    background: str
    foreground: str
    grid_alpha: float  # 0..1, opacity of the grid lines
    pen_width: float  # width in pixels of data curves
    font_size: float  # point size of axis labels and legends before font_scale
    class0: str
    class1: str
    misclassified: str
    train_curve: str
    val_curve: str
    sigmoid: str
    identity: str
    marker: str
    pins: tuple[str, ...]  # pinned runs, one colour each, then again with other dashes
    symbol_size: float = 7.0  # diameter in pixels of a sample in the samples view
    font_scale: float = 1.0  # "big fonts in class": multiplies every font size
    # Multiplies line widths while exporting at 2x..4x: Qt draws pyqtgraph's cosmetic pens
    # at the same pixel width under any painter scale (everything else scales by itself).
    line_scale: float = 1.0

    def scaled(self, factor: float) -> Theme:
        """Return this theme with every font multiplied by `factor` (1.0 .. 3.0)."""
        if not MIN_FONT_SCALE <= factor <= MAX_FONT_SCALE:
            raise ValueError(
                f"font scale must be between {MIN_FONT_SCALE} and {MAX_FONT_SCALE}, got {factor}"
            )
        return replace(self, font_scale=float(factor))

    def with_line_scale(self, factor: float) -> Theme:
        """This theme with line widths multiplied by `factor`."""
        return replace(self, line_scale=float(factor))

    def px(self, width: float) -> float:
        """A line width in device pixels, given its width on screen."""
        return width * self.line_scale

    @property
    def label_pt(self) -> float:
        """Point size of axis labels and legend text."""
        return self.font_size * self.font_scale

    @property
    def title_pt(self) -> float:
        """Point size of plot titles."""
        return self.label_pt * 1.2

    @property
    def tick_pt(self) -> float:
        """Point size of tick numbers (slightly smaller than labels, as in print figures)."""
        return self.label_pt * 0.9


DEFAULT = Theme(
    name="default",
    background="#F7F6F2",  # warm paper: easy on the eyes, and survives washed-out projectors
    foreground="#2E2E2E",
    grid_alpha=0.22,
    pen_width=2.0,
    font_size=10.0,
    class0=OKABE_ITO["blue"],
    class1=OKABE_ITO["orange"],
    # Black rings: vermillion (#D55E00) was nearly the class-1 orange, the more so under
    # red-green colour blindness; black differs from both classes under every kind.
    misclassified=OKABE_ITO["black"],
    train_curve=OKABE_ITO["blue"],
    val_curve=OKABE_ITO["vermillion"],
    sigmoid=OKABE_ITO["blue"],
    identity=OKABE_ITO["orange"],
    marker=OKABE_ITO["reddish_purple"],
    pins=PIN_COLOURS,
    symbol_size=7.0,
)

PRESENTATION = replace(
    DEFAULT,
    name="presentation",
    background="#FFFFFF",
    foreground="#000000",
    grid_alpha=0.3,
    pen_width=3.5,
    font_size=15.0,
    symbol_size=10.0,
)

THEMES: dict[str, Theme] = {"default": DEFAULT, "presentation": PRESENTATION}


def theme_by_name(name: str, font_scale: float = 1.0) -> Theme:
    """Look a theme up by name (e.g. from `--theme`), with an optional font scale."""
    try:
        theme = THEMES[name]
    except KeyError:
        known = ", ".join(sorted(THEMES))
        raise ValueError(f"unknown theme {name!r}; choose one of: {known}") from None
    return theme.scaled(font_scale)
