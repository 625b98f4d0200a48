"""Which plot panels the window shows, and where: every panel that fits, or a teacher's focus.

Big fonts need big panels: at 3x a six-panel grid leaves each plot a few dozen pixels tall. So
the overview drops the least needed panels as the room per font size shrinks, and View > Focus
shows one or two panels as large as the window allows (for class, and for single-panel exports).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP

from core.lesson_focus import LessonPanel
from gui.i18n import translate

# Panels by slot name; "model" is the slot that holds the weights or the decision boundary.
SLOTS = tuple(panel.value for panel in LessonPanel)
SLOT_OF_PANEL = {"samplesPlot": "samples", "sigmoidPlot": "sigmoid", "lossPlot": "cost",
                 "accuracyPlot": "accuracy", "decisionPlot": "model", "weightsPlot": "model",
                 "predictionsPlot": "predictions", "sampleInspector": "model",
                 "rocPlot": "model", "landscapePlot": "model"}


@dataclass(frozen=True)
class Placement:
    """A slot in the grid: row, column, and how many rows / columns it spans."""

    slot: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Arrangement:
    """Panels in a grid, with the stretch of each row and column."""

    placements: tuple[Placement, ...]
    row_stretch: tuple[int, ...]
    column_stretch: tuple[int, ...]

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(p.slot for p in self.placements)


# The overview at four sizes: all six panels; four; two; one. The samples on the sigmoid is the
# product's signature picture and the cost the run's story, so they go last.
SIX = Arrangement(
    (Placement("samples", 0, 0, 1, 2), Placement("sigmoid", 0, 2), Placement("cost", 1, 0),
     Placement("accuracy", 1, 1), Placement("model", 1, 2), Placement("predictions", 2, 0, 1, 3)),
    row_stretch=(5, 5, 2), column_stretch=(4, 4, 5),  # the model views carry a colour bar
)
FOUR = Arrangement(
    (Placement("samples", 0, 0), Placement("model", 0, 1), Placement("cost", 1, 0),
     Placement("accuracy", 1, 1)),
    row_stretch=(1, 1), column_stretch=(1, 1),
)
TWO = Arrangement((Placement("samples", 0, 0), Placement("cost", 1, 0)),
                  row_stretch=(1, 1), column_stretch=(1,))
ONE = Arrangement((Placement("samples", 0, 0),), row_stretch=(1,), column_stretch=(1,))

# Room each arrangement needs, in pixels at 1x fonts (the area divided by the font scale).
OVERVIEW_NEEDS = ((SIX, (800, 700)), (FOUR, (450, 400)), (TWO, (300, 340)))


class Focus(Enum):
    """What the plot area shows: the overview, or one or two panels large."""

    OVERVIEW = (QT_TRANSLATE_NOOP("Focus", "All panels that fit"), ())
    SAMPLES = (QT_TRANSLATE_NOOP("Focus", "Samples on the sigmoid"), ("samples",))
    COST = (QT_TRANSLATE_NOOP("Focus", "Cost"), ("cost",))
    SAMPLES_AND_COST = (QT_TRANSLATE_NOOP("Focus", "Samples and cost"), ("samples", "cost"))
    COST_AND_ACCURACY = (QT_TRANSLATE_NOOP("Focus", "Cost and accuracy"), ("cost", "accuracy"))
    ACCURACY = (QT_TRANSLATE_NOOP("Focus", "Accuracy"), ("accuracy",))
    MODEL = (QT_TRANSLATE_NOOP("Focus", "Weights or decision boundary"), ("model",))
    SAMPLES_AND_MODEL = (QT_TRANSLATE_NOOP("Focus", "Samples and model"), ("samples", "model"))
    PREDICTIONS = (QT_TRANSLATE_NOOP("Focus", "Labels and predictions"), ("predictions",))
    SIGMOID = (QT_TRANSLATE_NOOP("Focus", "The sigmoid function"), ("sigmoid",))

    def __init__(self, title: str, slots: tuple[str, ...]):
        self.title = title  # the source text (English)
        self.slots = slots

    @property
    def shown_title(self) -> str:
        """The title in the current language (View > Focus)."""
        return translate("Focus", self.title)

    def menu_tip(self) -> str:
        """The View > Focus entry's tip, in the current language."""
        if self is Focus.OVERVIEW:
            return translate("Focus", "Every panel that has room at this font size")
        return translate("Focus", "Show {panels} as large as the window allows").format(
            panels=self.shown_title.lower())

    @classmethod
    def showing(cls, panel: str) -> Focus:
        """The focus that shows the panel named `panel` (an objectName) alone."""
        return next(focus for focus in cls if focus.slots == (SLOT_OF_PANEL[panel],))


def arrangement(focus: Focus, width: int, height: int, font_scale: float,
                needed: tuple[str, ...] = ()) -> Arrangement:
    """Where the panels go in a plot area of `width` x `height` pixels; the overview shows
    the slots an open lesson `needed` (core/lesson_focus.py) before any other."""
    if focus is not Focus.OVERVIEW:
        # One or two panels, one above the other: plots read best wider than tall.
        return Arrangement(tuple(Placement(slot, row, 0) for row, slot in enumerate(focus.slots)),
                           row_stretch=(1,) * len(focus.slots), column_stretch=(1,))
    room = (width / font_scale, height / font_scale)
    for candidate, (needs_width, needs_height) in OVERVIEW_NEEDS:
        if room[0] >= needs_width and room[1] >= needs_height:
            return beside_the_model(keeping(candidate, needed), width, height)
    return keeping(ONE, needed)


def beside_the_model(overview: Arrangement, width: int, height: int) -> Arrangement:
    """Two panels with the model view among them, side by side in a plot area wider than
    tall: the weights picture, the decision plane and the ROC square are square, and stacked
    at 2x fonts the weights were a 100-pixel picture in a long strip under the samples, the
    ROC curve a strip without its legend (AUC) over the predictions."""
    slots = overview.slots
    if len(slots) != 2 or "model" not in slots or width <= height:
        return overview
    return Arrangement(tuple(Placement(slot, 0, column) for column, slot in enumerate(slots)),
                       row_stretch=(1,), column_stretch=(1, 1))


def keeping(overview: Arrangement, needed: tuple[str, ...]) -> Arrangement:
    """`overview` with the `needed` slots (as many as it has places, the first first) in the
    places of its least needed ones; the others keep their places, so a lesson that needs the
    model sees the samples beside it rather than the cost."""
    needed = needed[:len(overview.placements)]
    kept = [slot for slot in overview.slots if slot not in needed]
    kept = set(kept[:len(overview.placements) - len(needed)]) | set(needed)
    incoming = iter([slot for slot in needed if slot not in overview.slots])
    return replace(overview, placements=tuple(
        place if place.slot in kept else replace(place, slot=next(incoming))
        for place in overview.placements))
