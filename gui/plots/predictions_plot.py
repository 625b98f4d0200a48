"""Labels against predictions: two aligned strips, one cell per sample, mismatches marked below."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Slot
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QComboBox

from core.classification import DEFAULT_THRESHOLD, Confusion
from core.sample_selection import SampleSelection, SampleSet, columns_in_range
from gui.i18n import translate
from gui.plots.sample_picking import PickingViewBox, selection_brush, selection_pen
from gui.plots.themed_plot import ThemedPlot, font, qcolor
from gui.theme import THEMES, Theme

MAX_COLUMNS = 4096
# Bands from bottom to top, in image rows; the two strips touch so that columns line up.
BANDS = (("mismatch", 4), ("gap", 2), ("predictions", 7), ("gap", 1), ("labels", 7))
BAND_SPACING = 7.5  # closest distance between two band centres, in image rows
# Lookup-table layout: 0..CLASS_STEPS is the share of class 1 in a column (class 0 colour, then a
# pale neutral for an even mix, then class 1 colour); BACKGROUND is empty space; from
# MISMATCH_BASE on, mismatch cells are shaded by the share of mismatches in their column.
CLASS_STEPS = 127
BACKGROUND = 128
MISMATCH_BASE, MISMATCH_STEPS = 129, 126
MIN_MISMATCH_SHADE = 0.55  # one wrong sample among hundreds in a column must still show
SETS = ("training", "held-out")  # what the panel can show, in its switch's order
# What the panel calls its sets and bands (source texts, translated when shown).
SET_NAMES = {"training": QT_TRANSLATE_NOOP("PredictionsPlot", "training"),
             "held-out": QT_TRANSLATE_NOOP("PredictionsPlot", "held-out")}
SET_TEXTS = {"training": QT_TRANSLATE_NOOP("PredictionsPlot", "training set"),
             "held-out": QT_TRANSLATE_NOOP("PredictionsPlot", "held-out set")}
BAND_TEXTS = {"mismatch": QT_TRANSLATE_NOOP("PredictionsPlot", "mismatch"),
              "predictions": QT_TRANSLATE_NOOP("PredictionsPlot", "predictions"),
              "labels": QT_TRANSLATE_NOOP("PredictionsPlot", "labels")}


def band_text(name: str) -> str:
    """A band's name on the axis, in the current language."""
    return translate("PredictionsPlot", BAND_TEXTS[name])


def band_centres() -> dict[str, float]:
    """y position (in image rows) of the centre of each named band."""
    centres, bottom = {}, 0
    for name, rows in BANDS:
        centres.setdefault(name, bottom + rows / 2.0)
        bottom += rows
    return centres


def column_shares(values: np.ndarray, per_column: int) -> np.ndarray:
    """Mean of `values` over consecutive runs of `per_column` samples (the last may be short)."""
    starts = np.arange(0, len(values), per_column)
    sums = np.add.reduceat(values.astype(np.float64), starts)
    return sums / np.diff(np.append(starts, len(values)))


def class_indices(share: np.ndarray) -> np.ndarray:
    """LUT index of a column whose share of class 1 is `share`."""
    return np.rint(share * CLASS_STEPS).astype(np.uint8)


def rgba(colour: str) -> np.ndarray:
    """'#RRGGBB' as a float RGBA row for a lookup table."""
    return np.array(qcolor(colour).getRgb(), dtype=np.float64)


def grouped(n: int) -> str:
    """1000000 -> '1 000 000' (SI style digit groups, no locale comma/point confusion)."""
    return f"{n:,}".replace(",", " ")


def swatch(colour: str, text: str) -> str:
    """HTML for a coloured square followed by `text`."""
    return f"<span style='color:{colour}'>■</span>&nbsp;{text}"


def _as_pair(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels and predictions as bool arrays, checked to be 1-d and of one length."""
    y_true, y_pred = np.asarray(y_true) > 0.5, np.asarray(y_pred) > 0.5
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"labels {y_true.shape} and predictions {y_pred.shape} must be "
                         "1-d arrays of the same length")
    return y_true, y_pred


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """tp, fp, tn, fn (class 1 is positive) and accuracy as a fraction (nan when empty)."""
    tp = int(np.count_nonzero(y_true & y_pred))
    fp = int(np.count_nonzero(~y_true & y_pred))
    fn = int(np.count_nonzero(y_true & ~y_pred))
    tn = len(y_true) - tp - fp - fn
    accuracy = (tp + tn) / len(y_true) if len(y_true) else math.nan
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "accuracy": accuracy}


def shown_rate(value: float, decimals: int = 3) -> str:
    """A rate to `decimals` decimals; '—' where it is undefined (0/0, core/classification.py)."""
    return "—" if math.isnan(value) else f"{value:.{decimals}f}"


def wrapped(parts: list[str], width: float, measure: Callable[[str], float],
            gap: str = "   ") -> list[str]:
    """`parts` joined by `gap` into as few lines as fit `width` (greedy). A part wider than
    `width` is broken at its spaces; a single word wider still has a line of its own."""
    lines: list[str] = []
    for part in parts:
        if lines and measure(lines[-1] + gap + part) <= width:
            lines[-1] += gap + part
        elif measure(part) <= width or " " not in part:
            lines.append(part)
        else:
            lines.extend(wrapped(part.split(" "), width, measure, gap=" "))
    return lines


class PredictionsPlot(ThemedPlot):
    """The notebook's printed label and prediction vectors, as colour strips."""

    _grid = (False, False)  # grid lines would cut through the cells

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("predictionsPlot", "", "", "", parent, view_box=PickingViewBox())
        self._true = np.zeros(0, dtype=bool)
        self._pred = np.zeros(0, dtype=bool)
        self._counts = confusion_counts(self._true, self._pred)
        self._sets: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # set name -> labels, preds
        self._shown_set = SETS[0]
        self._threshold = DEFAULT_THRESHOLD  # only named in the counts line: the caller predicts
        self._init_set_input()
        self._per_column = 1
        # What the last update gave pyqtgraph, so that an update whose inputs did not change
        # does not redo it (each costs a layout or a range change, every frame of a run).
        self._x_extent: int | None = None
        self._lut_table: np.ndarray | None = None  # of the theme applied
        self._summary_shown: tuple | None = None
        self._counts_lines: list[str] = []  # the counts as last fitted to the panel's width
        self._line_counts = (1, 1)  # lines of counts and of key drawn: the height they need
        self._image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self._image)
        # The selected samples' columns, outlined across every band (gui/sample_selection.py).
        self._selection = SampleSelection()
        self._marks_shown: tuple | None = None  # (set, indices) the marks were drawn for
        self._marks = pg.BarGraphItem(x0=[], width=1.0, y0=-0.3, height=0.0)
        self._marks.setZValue(5)
        self.addItem(self._marks)
        self._summary = pg.LabelItem(justify="center")
        # Across the axis columns too: in a narrow panel the counts need the whole width.
        self.plotItem.layout.addItem(self._summary, 4, 0, 1, 3)
        self._init_view()
        self.plotItem.vb.sigResized.connect(self._update_image)
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        self.set_axis_label("bottom", translate("PredictionsPlot", "sample index"))
        for index, name in enumerate(SETS):
            self._set_input.setItemText(index, translate("PredictionsPlot", SET_TEXTS[name]))
        self._set_input.setToolTip(translate("PredictionsPlot",
                                             "Which samples the strips and counts show"))
        ticks = [(y, band_text(name)) for name, y in band_centres().items() if name != "gap"]
        self.getAxis("left").setTicks([ticks, []])
        self._update_title()
        self._restyle(self._theme)  # the band names' room on the axis
        if not self._set_input.isHidden():
            self.place_title_switch()

    # ----- public API -----

    def set_predictions(self, y_true: np.ndarray, y_pred: np.ndarray,
                        val_true: np.ndarray | None = None, val_pred: np.ndarray | None = None
                        ) -> None:
        """Labels and predictions (0/1 or bool arrays of equal length) of the training set and,
        with a split, of the held-out set; the panel shows the one chosen in its switch."""
        sets = {SETS[0]: _as_pair(y_true, y_pred)}
        if val_true is not None and val_pred is not None:
            sets[SETS[1]] = _as_pair(val_true, val_pred)
        self._sets = sets
        has_val = SETS[1] in sets
        if self._set_input.isHidden() == has_val:
            self._set_input.setVisible(has_val)
            self.place_title_switch()
        self._show(self._shown_set if self._shown_set in sets else SETS[0])

    def set_threshold(self, threshold: float) -> None:
        """The decision threshold the predictions were made at, named in the counts line
        (the caller makes the predictions: set_predictions)."""
        self._threshold = float(threshold)
        self._update_summary()

    def rates(self) -> dict:
        """{'precision', 'recall', 'f1'} of the set shown; NaN where 0/0
        (core/classification.py)."""
        c = self._counts
        counts = Confusion(tp=c["tp"], fp=c["fp"], tn=c["tn"], fn=c["fn"])
        return {"precision": counts.precision, "recall": counts.recall, "f1": counts.f1}

    def shown_set(self) -> str:
        """"training" or "held-out": the set whose labels and predictions are drawn."""
        return self._shown_set

    def set_shown_set(self, name: str) -> None:
        """Show the "training" or the "held-out" set (the latter only with a split)."""
        if name not in SETS:
            raise ValueError(f'the predictions panel shows "training" or "held-out", not {name!r}')
        self._set_input.setCurrentIndex(SETS.index(name))  # -> _on_set_chosen

    def counts(self) -> dict:
        """{'tp', 'fp', 'tn', 'fn': int, 'accuracy': fraction 0..1 (nan when empty)}."""
        return dict(self._counts)

    def samples_per_column(self) -> int:
        """How many samples share one drawn column (1 unless N exceeds the columns available)."""
        return self._per_column

    def summary_text(self) -> str:
        """The counts line, as plain text (naming the set shown, when there are two)."""
        return "  ".join(part for group in self._summary_parts(short=False) for part in group)

    def summary_lines(self) -> list[str]:
        """The counts as drawn under the strips (plain text): on one line where the panel is
        wide enough, else wrapped, with "P R F1" for the rates where the full words would
        need more than two lines."""
        return list(self._counts_lines)

    def _summary_parts(self, short: bool) -> tuple[list[str], list[str]]:
        """The counts line's pieces, each kept whole when the line wraps: the counts and
        accuracy, then the rates (a wrapped line breaks between the two first)."""
        c = self._counts
        accuracy = "—" if math.isnan(c["accuracy"]) else f"{100.0 * c['accuracy']:.1f} %"
        counts = translate("PredictionsPlot", "TP {tp}  FP {fp}  TN {tn}  FN {fn}  accuracy "
                           "{accuracy}").format(tp=c["tp"], fp=c["fp"], tn=c["tn"], fn=c["fn"],
                                                accuracy=accuracy)
        rates = self.rates()
        rates_text = (translate("PredictionsPlot", "P {precision}  R {recall}  F1 {f1}") if short
                      else translate("PredictionsPlot",
                                     "precision {precision}  recall {recall}  F1 {f1}"))
        rates_text = rates_text.format(
            **{name: shown_rate(value, 2 if short else 3) for name, value in rates.items()})
        if self._threshold != DEFAULT_THRESHOLD:
            rates_text += "  " + translate("PredictionsPlot", "(class 1: p > {threshold:g})"
                                           ).format(threshold=self._threshold)
        parts = counts.split("  ")
        if len(self._sets) > 1:
            # "training:" as a piece of its own: the translation says where the colon goes.
            parts.insert(0, translate("PredictionsPlot", "{set}:  {counts}").format(
                set=translate("PredictionsPlot", SET_NAMES[self._shown_set]), counts="").strip())
        return parts, rates_text.split("  ")

    def aggregation_note(self) -> str:
        """'' or, when columns hold several samples, e.g. '1 000 000 samples, 245 per column'."""
        if self._per_column == 1:
            return ""
        return translate("PredictionsPlot", "{samples} samples, {per_column} per column").format(
            samples=grouped(len(self._true)), per_column=grouped(self._per_column))

    def image_shape(self) -> tuple[int, int]:
        """(rows, columns) of the drawn image."""
        image = self._image.image
        return (0, 0) if image is None else image.shape

    # ----- linked selection (gui/sample_selection.py) -----

    def set_selected(self, selection: SampleSelection) -> None:
        """Outline the columns of the selected samples of the set shown."""
        self._selection = selection
        self._update_marks()

    def highlighted(self) -> SampleSelection:
        """The samples whose columns are outlined now."""
        index = self._marked()
        return (SampleSelection.of(training=index) if self._shown_set == SETS[0]
                else SampleSelection.of(held_out=index))

    def picked_at(self, x: float, y: float) -> SampleSelection:
        """The sample whose column is at view point (x, y) in the set shown; none off the
        strips."""
        if not 0.0 <= y <= sum(rows for _, rows in BANDS):
            return SampleSelection()
        return self._of_shown_set(columns_in_range(len(self._true), x, x))

    def picked_in(self, rect: tuple[float, float, float, float]) -> SampleSelection:
        """The samples whose columns the view rectangle (x0, x1, y0, y1) touches."""
        return self._of_shown_set(columns_in_range(len(self._true), rect[0], rect[1]))

    def _of_shown_set(self, index: np.ndarray) -> SampleSelection:
        if self._shown_set == SETS[0]:
            return SampleSelection.of(training=index)
        return SampleSelection.of(held_out=index)

    def _marked(self) -> np.ndarray:
        sample_set = SampleSet.TRAINING if self._shown_set == SETS[0] else SampleSet.HELD_OUT
        index = self._selection.indices(sample_set)
        return index[index < len(self._true)]

    def _update_marks(self) -> None:
        index = self._marked()
        shown = (self._shown_set, index.tobytes())
        if shown == self._marks_shown:  # every frame redraws the strips: not the marks
            return
        self._marks_shown = shown
        total = sum(rows for _, rows in BANDS)
        self._marks.setOpts(x0=index.astype(np.float64), width=1.0, y0=-0.3,
                            height=total + 0.6)

    # ----- the training / held-out switch -----

    def _init_set_input(self) -> None:
        # A child of the panel, in the title row's left corner: with a split, the counts are
        # either set's, and a teacher asks "is that on the held-out data?".
        combo = self._set_input = QComboBox()
        combo.setObjectName("predictionsSetInput")
        combo.addItems(["" for _ in SETS])  # texts: retranslate()
        self.add_title_switch(combo)
        combo.currentIndexChanged.connect(self._on_set_chosen)
        combo.setVisible(False)  # until there is a held-out set

    @Slot(int)
    def _on_set_chosen(self, index: int) -> None:
        name = SETS[index]
        if name not in self._sets:  # no held-out set: the switch stays on training
            self._set_input.setCurrentIndex(0)
            return
        self._show(name)

    def _show(self, name: str) -> None:
        self._shown_set = name
        if self._set_input.currentIndex() != SETS.index(name):
            self._set_input.blockSignals(True)
            self._set_input.setCurrentIndex(SETS.index(name))
            self._set_input.blockSignals(False)
        self._true, self._pred = self._sets.get(name, (np.zeros(0, bool), np.zeros(0, bool)))
        self._counts = confusion_counts(self._true, self._pred)
        n = len(self._true)
        self._update_title()
        extent = max(1, n)
        if extent != self._x_extent:
            self._x_extent = extent
            self.plotItem.vb.setLimits(xMin=0, xMax=extent)
        # Every update shows all samples, even after a zoom; an unchanged range is left alone
        # (pyqtgraph handles a range set again as a change).
        if self.plotItem.vb.viewRange()[0] != [0, extent]:
            self.setXRange(0, extent, padding=0.0)
        self._update_image()
        self._update_marks()

    def _update_title(self) -> None:
        title = translate("PredictionsPlot", "Labels and predictions")
        if len(self._sets) > 1:
            title = translate("PredictionsPlot", "{title}: {set}").format(
                title=title, set=translate("PredictionsPlot", SET_TEXTS[self._shown_set]))
        if title != self.title():  # a new title re-lays the plot out: not on every frame
            self.set_title(title)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_set_input") and self.plotItem is not None:  # not while built/closed
            self._update_summary()  # the counts wrap to the new width

    # ----- drawing -----

    def _init_view(self) -> None:
        total = sum(rows for _, rows in BANDS)
        self.setYRange(0, total, padding=0.02)
        self.setMouseEnabled(x=True, y=False)
        self.plotItem.hideButtons()

    def _columns_available(self) -> int:
        # Never more columns than screen pixels: a scaled-down image would drop whole columns,
        # mismatches included.
        width = int(self.plotItem.vb.width())
        return MAX_COLUMNS if width <= 0 else min(MAX_COLUMNS, width)

    def _update_image(self, *_) -> None:
        n = len(self._true)
        if n == 0:
            self._image.clear()
            self._per_column = 1
            self._update_summary()
            return
        self._per_column = max(1, math.ceil(n / self._columns_available()))
        rows = self._band_rows(self._per_column)
        image = np.repeat(rows, [count for _, count in BANDS], axis=0)
        if self._lut_table is None:
            self._lut_table = self._lut()
        self._image.setImage(image, autoLevels=False, levels=(0, 255), lut=self._lut_table)
        self._image.setRect(QRectF(0, 0, n, image.shape[0]))
        self._update_summary()

    def _band_rows(self, per_column: int) -> np.ndarray:
        """One row of LUT indices per band, bottom to top."""
        mismatch = column_shares(self._true != self._pred, per_column)
        shade = np.where(mismatch > 0, MIN_MISMATCH_SHADE + (1 - MIN_MISMATCH_SHADE) * mismatch, 0)
        wrong = np.where(mismatch > 0, MISMATCH_BASE + np.rint(shade * MISMATCH_STEPS), BACKGROUND)
        gap = np.full(len(mismatch), BACKGROUND)
        bands = {"mismatch": wrong.astype(np.uint8), "gap": gap.astype(np.uint8),
                 "predictions": class_indices(column_shares(self._pred, per_column)),
                 "labels": class_indices(column_shares(self._true, per_column))}
        return np.stack([bands[name] for name, _ in BANDS])

    def _lut(self) -> np.ndarray:
        theme = self._theme
        c0, c1, bg, fg = (rgba(c) for c in (theme.class0, theme.class1, theme.background,
                                             theme.foreground))
        bad = rgba(theme.misclassified)
        mixed = 0.8 * bg + 0.2 * fg  # a 50/50 column reads as "mixed", not as a third class
        lut = np.empty((256, 4))
        t = np.abs(np.linspace(-1.0, 1.0, CLASS_STEPS + 1))[:, None]
        half = (CLASS_STEPS + 1) // 2
        ends = np.where(np.arange(CLASS_STEPS + 1)[:, None] < half, c0, c1)
        lut[: CLASS_STEPS + 1] = (1 - t) * mixed + t * ends
        lut[BACKGROUND] = bg
        s = np.linspace(0.0, 1.0, MISMATCH_STEPS + 1)[:, None]
        lut[MISMATCH_BASE:] = (1 - s) * bg + s * bad
        return np.rint(lut).astype(np.uint8)

    def _update_summary(self) -> None:
        theme = self._theme
        # The key wraps too (plain text measured, HTML drawn): in a narrow panel at 2x fonts
        # its one line was the widest.
        key = {f"■ {text}": swatch(colour, text) for colour, text in (
            (theme.class0, translate("PredictionsPlot", "class 0")),
            (theme.class1, translate("PredictionsPlot", "class 1")),
            (theme.misclassified, band_text("mismatch")))}
        note = self.aggregation_note()
        if note:
            key[f"({note})"] = f"({note})"
        measure = QFontMetricsF(font(theme.label_pt)).horizontalAdvance
        key_lines = ["&nbsp;&nbsp;&nbsp;".join(key.get(part, part) for part in line.split("   "))
                     for line in wrapped(list(key), self._summary_width(), measure)]
        counts_lines = self._fitted_counts()
        if (len(counts_lines), len(key_lines)) != self._line_counts:
            self._line_counts = (len(counts_lines), len(key_lines))
            self.setMinimumHeight(self._minimum_height(theme))
        text = "<br>".join([line.replace("   ", "&nbsp;&nbsp;&nbsp;") for line in counts_lines]
                           + key_lines)
        shown = (text, theme.foreground, f"{theme.label_pt:.1f}pt")
        if shown == self._summary_shown:  # the same words re-laid out: not on every frame
            return
        self._summary_shown = shown
        self._summary.setText(shown[0], color=shown[1], size=shown[2])
        # A resize laid the plot out around the old text: a wider one held it wider than
        # the panel, and nothing else would lay it out again.
        if self.plotItem.geometry() != self.range:
            self.plotItem.setGeometry(self.range)

    def _summary_width(self) -> float:
        """Room for the counts under the strips: the panel's width less the margins. A wider
        line would widen the plot past the panel, cut off on the right (at 2x fonts the
        recall and F1 were never seen)."""
        left, _, right, _ = self.plotItem.layout.getContentsMargins()
        # 24: the text item's own margins (4 px a side) and some air.
        return self.viewport().width() - left - right - 24

    def _fitted_counts(self) -> list[str]:
        measure = QFontMetricsF(font(self._theme.label_pt)).horizontalAdvance
        width = self._summary_width()
        lines: list[str] = []
        for short in (False, True):  # shorter words before a third line takes the strips' room
            counts, rates = self._summary_parts(short)
            lines = wrapped(counts + rates, width, measure)
            if len(lines) > 1:  # break between the counts and the rates where both fit
                by_group = wrapped(counts, width, measure) + wrapped(rates, width, measure)
                lines = by_group if len(by_group) <= len(lines) else lines
            if len(lines) <= 2:
                break
        self._counts_lines = lines
        return lines

    def _minimum_height(self, theme: Theme) -> int:
        """Tall enough that the three band names do not overlap and the summary fits."""
        tick = QFontMetricsF(font(theme.tick_pt)).height()
        text = QFontMetricsF(font(theme.label_pt)).height()
        rows = sum(count for _, count in BANDS)
        strips = 1.15 * tick * rows / BAND_SPACING
        frame = self.plotItem.titleLabel.maximumHeight()
        frame += self._bottom_axis_height(self.getAxis("bottom"), theme)
        lines = sum(getattr(self, "_line_counts", (1, 1)))  # the counts and the key, wrapped
        return math.ceil(strips + frame + (lines + 0.4) * text + 16)

    def _restyle(self, theme: Theme) -> None:
        # Fixed ticks do not widen the axis by themselves: make room for the longest band name.
        names = [band_text(name) for name in BAND_TEXTS]
        width = max(QFontMetricsF(font(theme.tick_pt)).horizontalAdvance(n) for n in names)
        self.getAxis("left").setWidth(width + QFontMetricsF(font(theme.tick_pt)).height())
        self.getAxis("left").setStyle(tickLength=0)  # the band names label rows, not points
        self.setMinimumHeight(self._minimum_height(theme))
        self._lut_table = None  # the theme's colours
        self._update_image()
        self._marks.setOpts(pen=selection_pen(self._theme, 2.0),
                            brush=selection_brush(self._theme, 70))
        self.plotItem.vb.style_band(self._theme)
