"""The sample inspector: the selected samples' numbers at the step shown, and what they look
like beside the weights (a tab of the model slot, docs/ARCHITECTURE.md §16).

For each selected sample: its index, label y, logit z = w·x + b, p = s(z), its term of the
cost and its pull on the bias p - y (core/sample_selection.py computes them); a large
selection gets their means. Below, the selected sample's features (the mean of several): a
picture beside the weights' picture for pixel data, bars named by the data's header otherwise.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.sample_selection import (
    SampleNumbers,
    SampleSelection,
    SampleSet,
    mean_features,
    sample_numbers,
    summary,
)
from gui.i18n import RetranslatingWidget, translate
from gui.plots.colour_bar import diverging_colormap
from gui.plots.themed_plot import font, qcolor
from gui.plots.weights_plot import NAMES_SHARE, WeightsPlot
from gui.theme import OKABE_ITO, THEMES, Theme

MAX_COLUMNS = 6  # samples listed one a column; a larger selection is summed up by its means
TABLE_SCALES = (1.0, 0.85, 0.7)  # of the label size: the table's type before it drops columns
MIN_PLOT_HEIGHT = 150  # pixels (x the font scale) the pictures need to be worth showing
INSPECTOR_NAME_CHARS = 30  # feature names under the bars: "worst fractal dimension" in full
READABLE_NAME_CHARS = 12  # the chart is hidden (with a note) where names would be cut shorter
# Feature values are not classes: their bars and picture use ink (x > 0) and a purple (x < 0)
# rather than the class colours, which read as "malignant/benign" (the weights keep those:
# a weight's sign does push toward a class).
NEGATIVE_FEATURE = OKABE_ITO["reddish_purple"]
# The table's rows: a short heading (its tooltip says what each means).
HEADINGS = (QT_TRANSLATE_NOOP("SampleInspector", "sample"),
            QT_TRANSLATE_NOOP("SampleInspector", "label y"),
            QT_TRANSLATE_NOOP("SampleInspector", "z = w·x + b"),
            QT_TRANSLATE_NOOP("SampleInspector", "p = s(z)"),
            QT_TRANSLATE_NOOP("SampleInspector", "cost term"),
            QT_TRANSLATE_NOOP("SampleInspector", "p − y"))


def html_width(html: str, text_font) -> float:
    """The width rich text `html` takes in `text_font`, unwrapped."""
    document = QTextDocument()
    document.setDefaultFont(text_font)
    document.setHtml(html)
    return document.idealWidth()


def number(value: float) -> str:
    """Four significant digits, a true minus sign (it lines up with the digits)."""
    return minus_signs(f"{value:.4g}")


def minus_signs(text: str) -> str:
    """`text` (a number) with the minus sign U+2212 for each hyphen."""
    return text.replace("-", "−")


def use_minus_signs(axis) -> None:
    """Tick labels of `axis` with true minus signs, as the table's numbers."""
    strings = axis.tickStrings
    axis.tickStrings = lambda values, scale, spacing: [
        minus_signs(text) for text in strings(values, scale, spacing)]


class InspectorWeights(WeightsPlot):
    """The weights beside a sample's picture, whose caption follows every resize: fitted while
    the tab was laid out (or hidden), it kept the plot wider than its half of the tab, and the
    plot's own refit never ran, as its view box could not shrink."""

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__(parent, theme)
        for axis in (self.getAxis("left"), self._colour_bar.axis):
            use_minus_signs(axis)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "_caption", None) is not None:  # None: still in the constructor
            self.fit_to_widget()

    def retranslate(self) -> None:
        super().retranslate()
        self._hide_picture_titles()

    def _hide_picture_titles(self) -> None:
        """No colour-bar title beside a picture: the plot's title names it, and at 2x fonts
        "value" and "weight" took the width the 28 x 28 picture needed (it was 80 px)."""
        axis = self._colour_bar.getAxis("left")  # the bar's title only: its ticks are right
        axis.showLabel(False)
        axis.setWidth(0)

    def _place_colour_bar(self, shown: bool) -> None:
        super()._place_colour_bar(shown)  # restyles the bar, its title with it
        self._hide_picture_titles()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self._hide_picture_titles()  # styling the colour bar showed its title again

    def _style_axis(self, name: str, theme: Theme) -> None:
        """A picture's axes without titles: the pixel numbers say enough (the tooltip names
        the pixel), and "pixel row" ran into the tick "27" at 2x fonts. Nor the right margin
        kept for a long last tick: a picture's last is "27", and the colour bar ends the row."""
        super()._style_axis(name, theme)
        if name in ("bottom", "left") and getattr(self, "_mode", "") == "image":
            axis = self.plotItem.getAxis(name)
            axis.showLabel(False)
            if name == "bottom":
                axis.setHeight(self._bottom_axis_height(axis, theme))
            else:  # as wide as its widest number, "27" (pyqtgraph left "18" and "27" out)
                metrics = QFontMetricsF(font(theme.tick_pt))
                axis.setWidth(round(metrics.horizontalAdvance("000") + axis.style["tickLength"]
                                    + axis.style["tickTextOffset"][0]))
            self.plotItem.layout.setContentsMargins(2, 2, 6, 2)

    def _caption_parts(self):
        facts, key = super()._caption_parts()
        if len(self._w):  # the bias with a true minus sign, as the table's numbers
            facts[0] = translate("WeightsPlot", "bias b = {b}").format(b=number(self._b))
        return facts, key

    def fit_to_widget(self) -> None:
        """Caption and plot within the widget's size (the decision plot does the same after
        fitting its legend)."""
        self._caption_html = ""
        self._update_caption()
        self.centralWidget.setGeometry(self.range)


class FeaturesPlot(InspectorWeights):
    """A sample's features (or a selection's mean) drawn as the weights are: a picture with
    the same diverging colours and symmetric levels, or bars named by the data's header."""

    _description = ""  # what the features are: one sample's, or a selection's mean

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__(parent, theme)
        self.setObjectName("inspectorFeatures")
        self._name_axis.name_chars = INSPECTOR_NAME_CHARS  # the bars have the tab's width

    def retranslate(self) -> None:
        self.set_title(translate("SampleInspector", "Features"))
        self._colour_bar.getAxis("left").setLabel(translate("SampleInspector", "value"))
        self._hide_picture_titles()
        self._update_axis_labels()
        self._caption_html = ""
        self._update_caption()

    def set_features(self, x: np.ndarray, description: str) -> None:
        self._description = description
        self.set_weights(x, 0.0)

    def _update_axis_labels(self) -> None:
        if self._mode == "image":
            super()._update_axis_labels()
            return
        bottom = (translate("WeightsPlot", "feature") if self._named_bars()
                  else translate("WeightsPlot", "feature index j"))
        self.set_axis_label("bottom", bottom)
        self.set_axis_label("left", translate("SampleInspector", "value xⱼ"))

    def _caption_parts(self):
        return [self._description or translate("SampleInspector", "no sample selected")], []

    def _restyle(self, theme: Theme) -> None:
        super()._restyle(theme)
        ink = qcolor(theme.foreground, 190)
        self._colour_bar.setColorMap(diverging_colormap(NEGATIVE_FEATURE, theme.background,
                                                        theme.foreground))
        self._bars[0].setOpts(brush=pg.mkBrush(qcolor(NEGATIVE_FEATURE)))
        self._bars[1].setOpts(brush=pg.mkBrush(ink))

    def readable_name_room(self) -> float:
        """Pixels the names under the bars need to be read (the longest, or
        READABLE_NAME_CHARS of it); 0 without named bars."""
        if not self._named_bars():
            return 0.0
        metrics = QFontMetricsF(font(self._theme.tick_pt))
        longest = max(metrics.horizontalAdvance(name) for name in self._names)
        return min(longest, READABLE_NAME_CHARS * metrics.averageCharWidth())

    def _value_text(self, value: float) -> str:
        """A feature value as the tooltip names it (the weights' hover_text places it)."""
        return f"x = {number(value)}"


class SampleInspector(RetranslatingWidget, QWidget):
    """Numbers and pictures of the selected samples (objectName `sampleInspector`)."""

    @property
    def paint_meter(self):
        return self.featuresPlot.paint_meter

    @paint_meter.setter
    def paint_meter(self, meter) -> None:
        """The frame budget's timer (PlotPanels.set_paint_meter), for the plots inside."""
        for plot in (self.featuresPlot, self.weightsPlot):
            plot.paint_meter = meter

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__(parent)
        self.setObjectName("sampleInspector")
        self._theme = theme or THEMES["default"]
        self._selection = SampleSelection()
        self._data: dict[SampleSet, tuple[np.ndarray, np.ndarray]] = {}
        self._numbers: list[SampleNumbers] = []
        self._picture = False
        self._build()
        self.retranslate()
        self.apply_theme(self._theme)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        self._title = QLabel()
        self._title.setObjectName("sampleInspectorTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._table = QLabel()
        self._table.setObjectName("sampleInspectorTable")
        self._table.setTextFormat(Qt.TextFormat.RichText)
        self._table.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._table.setWordWrap(True)
        self._table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.featuresPlot = FeaturesPlot(theme=self._theme)
        self.weightsPlot = InspectorWeights(theme=self._theme)  # beside a picture only
        self.weightsPlot.setObjectName("inspectorWeights")
        self._plots = QWidget()
        # Said instead of the plots where they have no room to be read.
        self._plots_note = QLabel()
        self._plots_note.setObjectName("sampleInspectorNote")
        self._plots_note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._plots_note.setWordWrap(True)
        self._plots_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self._plots_note.hide()
        row = QHBoxLayout(self._plots)
        row.setContentsMargins(0, 0, 0, 0)
        for plot in (self.featuresPlot, self.weightsPlot):
            plot.setMinimumSize(80, 80)
            plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            row.addWidget(plot)
        for label in (self._title, self._table):  # as tall as their text, the rest below
            label.setSizePolicy(label.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
        layout.addWidget(self._title)
        layout.addWidget(self._table)
        layout.addWidget(self._plots_note)
        layout.addWidget(self._plots, 1)
        layout.addStretch(0)  # takes the room while the plots are hidden

    def retranslate(self) -> None:
        self._title.setToolTip(translate(
            "SampleInspector", "Click a sample, or drag a rectangle, in the samples, decision "
            "or predictions view; Shift adds to the selection, Ctrl adds or removes, Esc "
            "clears it"))
        self._table.setToolTip(translate(
            "SampleInspector", "z = w·x + b: the sample's logit at the step shown; p = s(z): "
            "the model's P(y = 1); cost term: −y log p − (1 − y) log(1 − p), its share of the "
            "cost; p − y: its pull on the bias (the bias moves by −lr times the mean of p − y)"))
        self._plots_note.setText(translate(
            "SampleInspector", "Features: widen the panel or use View > Focus to see them"))
        self._plots_note.setToolTip(translate(
            "SampleInspector", "The features' chart needs more room than this panel has"))
        self._draw_numbers()

    # ----- data and selection --------------------------------------------------------------

    def set_data(self, train_X, train_y, val_X=None, val_y=None, feature_names=None,
                 picture_shape=None) -> None:
        """A new lesson's samples (the selection was cleared with it)."""
        self._data = {SampleSet.TRAINING: (np.asarray(train_X), np.asarray(train_y))}
        if val_X is not None and val_y is not None:
            self._data[SampleSet.HELD_OUT] = (np.asarray(val_X), np.asarray(val_y))
        for plot in (self.featuresPlot, self.weightsPlot):
            plot.clear()
            plot.set_feature_layout(feature_names, picture_shape)
        self._numbers = []
        self._draw_numbers()

    def set_selection(self, selection: SampleSelection) -> None:
        """What to show; drawn at the next show_model (the frame scheduler's, or at once when
        the tab is brought forward)."""
        self._selection = selection

    def selection(self) -> SampleSelection:
        return self._selection

    def numbers(self) -> list[SampleNumbers]:
        """The numbers drawn, one SampleNumbers per set with selected samples."""
        return list(self._numbers)

    def table_text(self) -> str:
        """The table as plain text (tests, accessibility)."""
        return self._table.text()

    # ----- drawing -------------------------------------------------------------------------

    def show_model(self, logits, val_logits, weights, bias: float) -> None:
        """The selection's numbers and features at the step whose logits and weights these
        are."""
        logits_of = {SampleSet.TRAINING: logits, SampleSet.HELD_OUT: val_logits}
        self._numbers = []
        features = []
        for sample_set, (X, y) in self._data.items():
            index = self._selection.indices(sample_set)
            index = index[index < len(y)]
            if len(index) == 0 or logits_of[sample_set] is None:
                continue
            self._numbers.append(sample_numbers(sample_set, index, logits_of[sample_set], y))
            features.append((X, index))
        self._draw_numbers()
        self._draw_features(features, np.asarray(weights), bias)

    def _draw_features(self, features: list, weights: np.ndarray, bias: float) -> None:
        if not features:
            self._plots.setVisible(False)
            self._plots_note.setVisible(False)
            return
        count = sum(len(index) for _, index in features)
        x = (np.concatenate([np.asarray(X, dtype=np.float64)[index] for X, index in features])
             .mean(axis=0) if len(features) > 1 else mean_features(*features[0]))
        if count == 1:
            numbers = self._numbers[0]
            description = translate("SampleInspector", "x of sample {index}").format(
                index=self._sample_name(numbers.sample_set, int(numbers.index[0])))
        else:
            description = translate("SampleInspector", "mean x of {count} samples").format(
                count=count)
        self.featuresPlot.set_features(x, description)
        self._picture = self.featuresPlot.mode() == "image"
        # The weights beside a picture: which pixels of this sample push z up or down. Bars
        # need the panel's width to themselves (the weights have their own tab).
        self.weightsPlot.setVisible(self._picture)
        if self._picture:
            self.weightsPlot.set_weights(weights, bias)
        self._fit_plots()
        for plot in (self.featuresPlot, self.weightsPlot):
            if plot.isVisible():
                plot.fit_to_widget()

    def _draw_numbers(self) -> None:
        count = sum(len(part) for part in self._numbers)
        if count == 0:
            self._title.setText(translate("SampleInspector", "No sample selected"))
            self._table.setFont(font(self._theme.label_pt))
            self._table.setText(translate(
                "SampleInspector", "Click a sample, or drag a rectangle round several, in the "
                "samples, decision or predictions view to see its numbers here. Shift adds to "
                "the selection, Ctrl adds or removes; Esc clears it."))
            self._table.setAlignment(Qt.AlignmentFlag.AlignLeft)
            return
        self._table.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        sets = {part.sample_set: len(part) for part in self._numbers}
        if count == 1:
            part = self._numbers[0]
            self._title.setText(translate("SampleInspector", "Sample {index}").format(
                index=self._sample_name(part.sample_set, int(part.index[0]))))
        elif len(sets) == 2:
            self._title.setText(translate(
                "SampleInspector", "{count} samples: {training} training, {held_out} held-out"
            ).format(count=count, training=sets[SampleSet.TRAINING],
                     held_out=sets[SampleSet.HELD_OUT]))
        else:
            self._title.setText(translate("SampleInspector", "{count} samples").format(
                count=count))
        self._fit_table(count)

    def _fit_table(self, count: int) -> None:
        """One column per sample where they fit the panel's width (up to MAX_COLUMNS), else
        one column of their means; in smaller type before giving up columns: at 2x fonts in
        the overview six numbers a row ran out of the panel."""
        room = self.width() - 20
        tables = ([self._table_html(listed=True)] if count <= MAX_COLUMNS else []) + \
            [self._table_html(listed=False)]
        for html in tables:
            for scale in TABLE_SCALES:
                size = self._theme.label_pt * scale
                if room <= 0 or html_width(html, font(size)) <= room:
                    self._show_table(html, size)
                    return
        self._show_table(tables[-1], self._theme.label_pt * TABLE_SCALES[-1])

    def _show_table(self, html: str, size: float) -> None:
        self._table.setFont(font(size))
        if html != self._table.text():
            self._table.setText(html)

    def _table_html(self, listed: bool) -> str:
        """The numbers with a row per quantity: a column per sample (`listed`), else one of
        the selection's means."""
        if listed:
            columns = [(self._sample_name(part.sample_set, int(part.index[k])),
                        f"{part.label[k]:.0f}", number(part.z[k]), number(part.p[k]),
                        number(part.cost[k]), number(part.pull[k]))
                       for part in self._numbers for k in range(len(part))]
        else:
            means = summary(self._numbers)
            columns = [(translate("SampleInspector", "mean of {count}").format(
                count=means.count), number(means.label), number(means.z), number(means.p),
                number(means.cost), number(means.pull))]
        cell = "padding: 0px 8px; text-align: right; white-space: nowrap;"
        rows = []
        for row, heading in enumerate(HEADINGS):
            values = "".join(f"<td style='{cell}'>{'<b>' if row == 0 else ''}{column[row]}"
                             f"{'</b>' if row == 0 else ''}</td>" for column in columns)
            rows.append(f"<tr><td style='padding: 0px 8px; white-space: nowrap;'><i>"
                        f"{translate('SampleInspector', heading)}</i></td>{values}</tr>")
        return f"<table cellspacing='0' align='center'>{''.join(rows)}</table>"

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._draw_numbers()
        self._fit_plots()

    def _fit_plots(self) -> None:
        """The pictures or bars only where they have room under the numbers, with their
        names under the bars readable (READABLE_NAME_CHARS at least, as much more as the
        height gives, up to INSPECTOR_NAME_CHARS); else one line says how to see them:
        squeezed into a few dozen pixels (2x fonts, or Chinese names, in the overview) they
        showed nothing but their labels ("mean…"), and hidden without a word they looked
        lost."""
        used = self._title.sizeHint().height() + self._table.sizeHint().height() + 20
        room = self.height() - used
        names = self.featuresPlot.readable_name_room() if self._numbers else 0.0
        needed = max(MIN_PLOT_HEIGHT * self._theme.font_scale + names, names / NAMES_SHARE)
        wanted = bool(self._numbers) and room >= needed
        if self._plots.isHidden() == wanted:
            self._plots.setVisible(wanted)
        noted = bool(self._numbers) and not wanted
        if self._plots_note.isHidden() == noted:
            self._plots_note.setVisible(noted)

    def features_shown(self) -> bool:
        """Whether the features' chart (or picture) is shown; else the note says why."""
        return not self._plots.isHidden()

    def note_text(self) -> str:
        """The line shown instead of the features, or "" while they are shown."""
        return "" if self._plots_note.isHidden() else self._plots_note.text()

    def _sample_name(self, sample_set: SampleSet, index: int) -> str:
        if sample_set is SampleSet.TRAINING:
            return str(index)
        return translate("SampleInspector", "held-out {index}").format(index=index)

    # ----- theme ---------------------------------------------------------------------------

    def theme(self) -> Theme:
        return self._theme.with_line_scale(1.0)

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"QLabel {{ color: {theme.foreground}; background: transparent; }}"
                           f"#sampleInspector {{ background: {theme.background}; }}")
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(theme.background))
        self.setPalette(palette)
        self._title.setFont(font(theme.title_pt))
        self._plots_note.setFont(font(theme.label_pt))
        for plot in (self.featuresPlot, self.weightsPlot):
            plot.apply_theme(theme)
        self._draw_numbers()
