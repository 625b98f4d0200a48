"""Common base of the loss and accuracy panels: live training / held-out curves over training
steps, labelled event markers, faded pinned runs, and a hover read-out."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPointF, Qt, Signal

from core.legend_corner import Corner
from gui.i18n import translate
from gui.plots.envelope import LogStepEnvelope, PeakEnvelope
from gui.plots.ranges import round_ceiling
from gui.plots.themed_plot import ThemedPlot, font, make_legend, qcolor
from gui.theme import Theme

EMPTY = np.empty(0, dtype=np.float64)
PEAK_BLOCKS_PER_PIXEL = 1.0
PIN_ALPHA = 130  # ghosts stay readable but clearly behind the live run
PIN_MARKER_ALPHA = 110  # a pin's markers, fainter still than its curve
PIN_DASHES = ([], [6.0, 3.0], [1.5, 2.5], [6.0, 2.5, 1.5, 2.5])  # tell several pins apart
MARKER_LABEL_ROWS = (0.88, 0.78, 0.68)  # staggered so neighbouring markers do not overlap
PIN_MARKER_ROWS = (0.58, 0.48, 0.38)  # below the live run's, which they would cover
# A pinned run's label as the window and lesson files keep it (English: it is data, saved in
# lessons); the legend shows the prefix in the current language.
PIN_LABEL_PREFIX = "pinned: "
# label, steps, values and, optionally, the run's markers [(step, text)]: as set_pins takes them
Pin = tuple[str, np.ndarray, np.ndarray] | tuple[str, np.ndarray, np.ndarray, list]


class DrawnPin(NamedTuple):
    """A pinned run as drawn: its envelope (x, y), how many steps it had, its markers, and
    its colour and dashes (by its place among the pins)."""

    label: str
    x: np.ndarray
    y: np.ndarray
    steps: int
    markers: tuple[tuple[float, str], ...] = ()
    index: int = 0


def pin_style(index: int, theme: Theme) -> tuple[str, list[float]]:
    """Colour and dash pattern of the pin at `index`: the colours first, then the same colours
    with other dashes, so that no two of the first 16 pins look alike."""
    colours = theme.pins
    dashes = PIN_DASHES[(index + index // len(colours)) % len(PIN_DASHES)]
    return colours[index % len(colours)], dashes


def pin_legend_text(label: str) -> str:
    """A pin's label as its legend entry: "pinned: lr 0.1, L2 0.01" with "pinned" translated
    (a label of another form is shown as it is)."""
    if not label.startswith(PIN_LABEL_PREFIX):
        return label
    return translate("HistoryPlot", "pinned: {settings}").format(
        settings=label[len(PIN_LABEL_PREFIX):])


def as_steps(steps: np.ndarray) -> np.ndarray:
    """Steps as float64 (pyqtgraph's fast path); no copy when they already are."""
    return np.asarray(steps, dtype=np.float64)


def live_curve(z_value: float, name: str) -> pg.PlotDataItem:
    """A curve for a PeakEnvelope's few thousand points: peak downsampling to the pixel
    columns, clip-to-view."""
    # Antialiased when still; the window turns it off while training runs (set_fast_drawing).
    curve = pg.PlotDataItem(antialias=True, name=name)
    curve.setDownsampling(auto=True, method="peak")
    # Peak downsampling keeps each block's min and max: about one block per pixel column draws
    # the same picture as pyqtgraph's default of five, with a fifth of the line segments.
    curve.opts["autoDownsampleFactor"] = PEAK_BLOCKS_PER_PIXEL
    curve.setClipToView(True)
    curve.setZValue(z_value)
    return curve


class HistoryPlot(ThemedPlot):
    """A metric over training steps, for the training set and (optionally) the held-out set.
    Subclasses name the metric (_curve_names, _value_name) and set their title and value axis
    in retranslate()."""

    cursorDragged = Signal(int)  # the step the user dragged the cursor to (not yet clamped)

    # No vertical grid: the step axis jumps as a run grows, and each jump would re-draw lines
    # across the whole plot (the axis' cached picture spans it), a third of the jump's cost.
    _grid = (False, True)

    def __init__(self, object_name: str, parent=None):
        super().__init__(object_name, "", "", "", parent)
        names = self._curve_names()
        self._val_measured: int | None = None  # held-out samples each step's value covers
        self._val_total: int | None = None  # held-out samples, None without a split
        # PlotItem.addItem overwrites each curve's downsampling and clipping with the plot's own
        # settings, so they are set here too, for the live curves and every pin added later.
        self.plotItem.setDownsampling(auto=True, mode="peak")
        self.plotItem.setClipToView(True)
        self._steps, self._train_y, self._val_y = EMPTY, EMPTY, None
        self._train = live_curve(3.0, names[0])
        self._val = live_curve(2.0, names[1])
        self._log_steps = False  # a log step axis (from step 1)
        self._envelopes = (PeakEnvelope(), PeakEnvelope())  # of the training, held-out values
        self._pin_input: list = []  # the pins as set_pins took them (for a change of axis)
        self._live_values: list[np.ndarray] = []  # the live curves' values as drawn
        self._pins: list[tuple[pg.PlotDataItem, DrawnPin]] = []
        self._pin_markers: list[tuple[pg.InfiniteLine, int, float]] = []  # line, pin, step
        self._markers: list[tuple[pg.InfiniteLine, str, float]] = []  # line, text, step
        for curve in (self._train, self._val):
            self.addItem(curve)
        self._legend = self.add_legend(make_legend(), corner=self._legend_corner())
        self._legend.setParentItem(self.plotItem.vb)
        self._legend.addItem(self._train, names[0])
        self._init_hover()
        self._init_cursor()
        self._planned_steps: int | None = None
        self._x_extent = 0.0
        self._follow_steps = True
        self.enableAutoRange(x=False)
        self.plotItem.vb.sigRangeChangedManually.connect(self._stop_following)

    # ----- public API shared by LossPlot and AccuracyPlot -----

    def set_history(self, steps: np.ndarray, train: np.ndarray, val: np.ndarray | None = None
                    ) -> None:
        """Show `train` (and `val` when given) against `steps`; arrays are used without copying."""
        self._steps, self._train_y, self._val_y = as_steps(steps), train, val
        self._update_live_curves()
        self._update_val_legend()
        self._update_step_range()
        self.settle_view()
        self._place_corner_legends()  # only where a curve's end moved on: cheap per frame

    def set_val_sample(self, measured: int | None, total: int | None) -> None:
        """Say in the legend when the held-out curve measures `measured` of the `total`
        held-out samples (mini-batches on a large set), not all of them."""
        self._val_measured, self._val_total = measured, total
        self._update_val_legend()

    def _val_label(self) -> str:
        """The held-out curve's legend entry, with how many samples it measures."""
        measured, total = self._val_measured, self._val_total
        name = self._curve_names()[1]
        if measured is not None and total is not None and measured < total:
            return translate("HistoryPlot", "{name} ({measured} of {total})").format(
                name=name, measured=f"{measured:,}", total=f"{total:,}")
        return name

    def retranslate(self) -> None:
        """The step axis, the live curves' legend entries, the cursor's tip (the subclass adds
        its title and value axis)."""
        self.set_axis_label("bottom", translate("HistoryPlot", "training step"))
        self._cursor.setToolTip(translate(
            "HistoryPlot", "Drag to rewind: every model view shows this step (Left / Right one "
            "step, Shift 100, Home / End the ends)"))
        for curve, text in ((self._train, self._curve_names()[0]), (self._val, self._val_label())):
            curve.opts["name"] = text
            label = self._legend.getLabel(curve)
            if label is not None:
                label.setText(text)
        self.set_pins(self._pin_input)  # their labels' prefix
        self._style_legends()
        self._hide_hover()
        self._hover.setText("")  # the next mouse move writes it in the new language

    def _curve_names(self) -> tuple[str, str]:
        """The training and held-out curves' names, translated."""
        raise NotImplementedError

    def _value_name(self) -> str:
        """The metric as the hover read-out names it, translated."""
        raise NotImplementedError

    def step_extent(self) -> float:
        """The end of the step axis while it follows the run (0 before the first data)."""
        return self._x_extent

    def set_planned_steps(self, total: int | None) -> None:
        """The run's length: the step axis grows in round jumps up to it, not past it."""
        self._planned_steps = total
        self._x_extent = 0.0
        self._update_step_range()

    def reset_view(self) -> None:
        """Follow the run again after the user zoomed or panned (also: double-click)."""
        self._follow_steps = True
        self._x_extent = 0.0
        self._update_step_range()
        if self._y_follows_data():
            self.enableAutoRange(y=True)

    def add_marker(self, step: float, text: str) -> None:
        """A dashed vertical line at `step` labelled `text` (e.g. "lr 0.1 → 1")."""
        row = MARKER_LABEL_ROWS[len(self._markers) % len(MARKER_LABEL_ROWS)]
        line = self._marker_line(step, text, row, z_value=5)  # label above the curves
        self._markers.append((line, text, float(step)))
        self._style_marker(line, self._theme)

    def _marker_line(self, step: float, text: str, row: float, z_value: float
                     ) -> pg.InfiniteLine:
        line = pg.InfiniteLine(pos=self._step_x(step), angle=90, movable=False, label=text,
                               labelOpts={"position": row, "anchors": [(0, 0.5), (0, 0.5)]})
        line.setZValue(z_value)
        self.addItem(line, ignoreBounds=True)
        return line

    def _remove_lines(self, lines) -> None:
        for line in lines:
            self.removeItem(line)
            # Delete now. Removed from the scene, line and label belong to Python and form a
            # reference cycle: the garbage collector would destroy them at a random moment (seen
            # during a paint), calling Python overrides of half-cleared objects: a segfault.
            shiboken6.delete(line)

    def clear_markers(self) -> None:
        self._remove_lines([line for line, *_ in self._markers])
        self._markers.clear()

    def drop_markers_after(self, step: float) -> None:
        """Remove the markers of steps after `step` (a run cut back to it)."""
        dropped = [marker for marker in self._markers if marker[2] > step]
        self._remove_lines([line for line, *_ in dropped])
        self._markers = [marker for marker in self._markers if marker[2] <= step]

    # ----- the scrubber's cursor -----

    def show_cursor(self, step: int) -> None:
        """A draggable vertical line at `step` (the step every model view shows)."""
        self.move_cursor(step)
        self._cursor.setVisible(True)

    def move_cursor(self, step: int) -> None:
        self._cursor_step = int(step)
        self._cursor.blockSignals(True)  # a move from code is not a drag
        self._cursor.setValue(self._step_x(step))
        self._cursor.blockSignals(False)

    def hide_cursor(self) -> None:
        self._cursor.setVisible(False)

    def cursor_step(self) -> int | None:
        """The step at the cursor, None while it is hidden."""
        return self._cursor_step if self._cursor.isVisible() else None

    def cursor_line(self) -> pg.InfiniteLine:
        """The line itself (tests drag it)."""
        return self._cursor

    def _init_cursor(self) -> None:
        # Above the curves and markers, below the hover read-out (z 20); ignoreBounds so that
        # it never widens the step axis; hidden (and so never grabbing the mouse) unless the
        # run can be rewound.
        self._cursor = pg.InfiniteLine(angle=90, movable=True)
        self._cursor.setZValue(8)
        self._cursor.setVisible(False)
        self._cursor_step = 0
        self.addItem(self._cursor, ignoreBounds=True)
        self._cursor.sigDragged.connect(self._on_cursor_dragged)

    def _on_cursor_dragged(self, line: pg.InfiniteLine) -> None:
        x = line.value()
        step = round(10.0 ** x) if self._log_steps else round(x)
        self.cursorDragged.emit(int(max(step, 0)))

    def _style_cursor(self, theme: Theme) -> None:
        width = theme.px(max(1.5, theme.pen_width))
        self._cursor.setPen(pg.mkPen(theme.foreground, width=width))
        self._cursor.setHoverPen(pg.mkPen(theme.train_curve, width=width * 2))

    def markers(self) -> list[tuple[float, str]]:
        """(step, text) of every marker, oldest first."""
        return [(step, text) for _, text, step in self._markers]

    def set_log_steps(self, on: bool) -> None:
        """A logarithmic step axis (from step 1), which spreads out the first steps where a
        run on 2-D data does all its learning; curves, pins and markers follow."""
        if bool(on) == self._log_steps:
            return
        self._log_steps = bool(on)
        self._envelopes = (self._new_envelope(), self._new_envelope())
        # pyqtgraph's downsampling takes x as evenly spaced, which log steps are not (it drew
        # the first steps as stairs); a LogStepEnvelope has about a point per pixel anyway.
        self.plotItem.setDownsampling(auto=not self._log_steps, mode="peak")
        self.setLogMode(x=self._log_steps, y=self.plotItem.ctrl.logYCheck.isChecked())
        self._restore_y_range()  # pyqtgraph's setLogMode turned autorange on for both axes
        self.enableAutoRange(x=False)
        for line, _, step in self._markers:
            line.setValue(self._step_x(step))
        self.move_cursor(self._cursor_step)
        self.set_pins(self._pin_input)  # their envelopes, for this axis
        self._x_extent = 0.0  # a new axis: its extent is chosen afresh
        self._update_step_range()

    def log_steps(self) -> bool:
        """Whether the step axis is logarithmic."""
        return self._log_steps

    def _step_x(self, step: float) -> float:
        """Where `step` is on the x axis (in log10 units on a log axis, step 0 at step 1)."""
        return float(np.log10(max(step, 1.0))) if self._log_steps else float(step)

    def _new_envelope(self) -> PeakEnvelope | LogStepEnvelope:
        return LogStepEnvelope() if self._log_steps else PeakEnvelope()

    def set_pins(self, pins: list[Pin]) -> None:
        """Replace the pinned runs: each (label, steps, values[, markers]) is drawn as a faded
        ghost in a colour of its own, with its markers [(step, text)] faded alike."""
        for curve, _ in self._pins:
            self.removeItem(curve)
            self._legend.removeItem(curve)
        self._remove_lines([line for line, *_ in self._pin_markers])
        self._pin_markers = []
        self._pin_input = list(pins)
        drawn = []
        for index, (label, steps, values, *rest) in enumerate(pins):
            # A pin never grows: its envelope, computed once, is what it keeps.
            x, y = self._new_envelope().update(as_steps(steps), values)
            markers = tuple((float(step), text) for step, text in (rest[0] if rest else ()))
            drawn.append(DrawnPin(label, x, y, len(steps), markers, index))
        self._pins = [(live_curve(0.0, pin_legend_text(pin.label)), pin) for pin in drawn]
        for curve, pin in self._pins:
            self.addItem(curve)
            self._legend.addItem(curve, curve.opts["name"])
            self._style_pin(curve, pin.index, self._theme)
            for number, (step, text) in enumerate(pin.markers):
                row = PIN_MARKER_ROWS[number % len(PIN_MARKER_ROWS)]
                line = self._marker_line(step, text, row, z_value=0.5)  # under the live curves
                self._pin_markers.append((line, pin.index, step))
                self._style_pin_marker(line, pin.index, self._theme)
        self._style_legends()
        self._update_curves()

    def pin_markers(self) -> list[tuple[int, float, str]]:
        """(index of the pin, step, text) of every pinned run's marker."""
        return [(pin.index, step, text) for _, pin in self._pins for step, text in pin.markers]

    def clear(self) -> None:
        """Forget the history, markers and pins."""
        self.clear_markers()
        self.set_pins([])
        self.set_history(EMPTY, EMPTY, None)
        self._hover.setVisible(False)

    def curve_data(self, which: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) last given to set_history for "train" or "val" (values as given,
        before any gap-view transform); empty arrays when there are none."""
        if which not in ("train", "val"):
            raise ValueError(f'curve_data takes "train" or "val", not {which!r}')
        values = self._train_y if which == "train" else self._val_y
        return (self._steps, values) if values is not None else (EMPTY, EMPTY)

    def hover_text(self) -> str:
        """The read-out shown while the mouse is over the plot ('' when hidden)."""
        return self._hover.toPlainText() if self._hover.isVisible() else ""

    def _update_step_range(self) -> None:
        # A round extent that jumps rarely: every change of range repaints the step axis.
        if not self._follow_steps:
            return
        longest = max([len(self._steps)] + [pin.steps for _, pin in self._pins])
        extent = round_ceiling(max(longest, 10))
        if self._planned_steps:
            extent = min(extent, max(self._planned_steps, longest))
        if extent != self._x_extent:
            self._x_extent = extent
            if self._log_steps:
                self.setXRange(0.0, np.log10(extent), padding=0.02)
            else:
                self.setXRange(0.0, extent, padding=0.02)

    def _stop_following(self, *_) -> None:
        self._follow_steps = False

    def mouseDoubleClickEvent(self, event) -> None:
        self.reset_view()
        super().mouseDoubleClickEvent(event)

    # ----- hooks for subclasses -----

    def _y_follows_data(self) -> bool:
        return True

    def _restore_y_range(self) -> None:
        """Give the value axis back its own range (after pyqtgraph chose one)."""

    def _legend_corner(self) -> Corner:
        """Where the legend sits while it covers no more of the curves there than elsewhere."""
        return Corner.TOP_RIGHT

    def _display_y(self, values: np.ndarray) -> np.ndarray:
        """Map stored values to what is drawn (LossPlot's gap view subtracts the optimum)."""
        return values

    def _format_value(self, value: float) -> str:
        return f"{value:.6g}"

    # ----- drawing -----

    def _update_curves(self) -> None:
        """Every curve, pins included (after a change of how values are drawn)."""
        self._update_live_curves()
        for curve, pin in self._pins:
            curve.setData(pin.x, self._display_y(pin.y))

    def _update_live_curves(self) -> None:
        # Every frame of a run: pins do not change, and an empty curve stays empty untouched.
        self._live_values = []
        series = ((self._train, self._envelopes[0], self._train_y),
                  (self._val, self._envelopes[1], self._val_y))
        for curve, envelope, values in series:
            if values is None:
                envelope.reset()
                if curve.xData is not None and len(curve.xData):
                    curve.setData(EMPTY, EMPTY)
                continue
            x, y = envelope.update(self._steps, values)
            curve.setData(x, self._display_y(y))
            self._live_values.append(y)

    def _drawn_values(self) -> list[np.ndarray]:
        """What the curves show, before _display_y: live envelopes and pins."""
        return [*self._live_values, *(pin.y for _, pin in self._pins)]

    def _update_val_legend(self) -> None:
        shown = [label.text for sample, label in self._legend.items if sample.item is self._val]
        wanted = [self._val_label()] if self._val_y is not None else []
        if shown != wanted:
            if shown:
                self._legend.removeItem(self._val)
            if wanted:
                self._legend.addItem(self._val, wanted[0])
                self._style_legends()

    def _restyle(self, theme: Theme) -> None:
        self._train.setPen(pg.mkPen(theme.train_curve, width=theme.px(theme.pen_width)))
        self._val.setPen(pg.mkPen(theme.val_curve, width=theme.px(theme.pen_width)))
        for curve, pin in self._pins:
            self._style_pin(curve, pin.index, theme)
        for line, index, _ in self._pin_markers:
            self._style_pin_marker(line, index, theme)
        for line, *_ in self._markers:
            self._style_marker(line, theme)
        self._style_hover(theme)
        self._style_cursor(theme)

    def _style_pin(self, curve: pg.PlotDataItem, index: int, theme: Theme) -> None:
        colour, dashes = pin_style(index, theme)
        pen = pg.mkPen(qcolor(colour, PIN_ALPHA), width=theme.px(theme.pen_width))
        if dashes:
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(dashes)
        curve.setPen(pen)

    def _style_pin_marker(self, line: pg.InfiniteLine, index: int, theme: Theme) -> None:
        colour, _ = pin_style(index, theme)
        line.setPen(pg.mkPen(qcolor(colour, PIN_MARKER_ALPHA),
                             width=theme.px(max(1.0, theme.pen_width * 0.5)),
                             style=Qt.PenStyle.DotLine))
        line.label.setColor(qcolor(colour, 210))
        line.label.setFont(font(theme.tick_pt * 0.9))
        line.label.fill = pg.mkBrush(qcolor(theme.background, 150))

    def _style_marker(self, line: pg.InfiniteLine, theme: Theme) -> None:
        line.setPen(pg.mkPen(theme.marker, width=theme.px(max(1.0, theme.pen_width * 0.6)),
                             style=Qt.PenStyle.DashLine))
        line.label.setColor(qcolor(theme.marker))
        line.label.setFont(font(theme.tick_pt))
        line.label.fill = pg.mkBrush(qcolor(theme.background, 200))  # readable over the curve

    # ----- hover read-out -----

    def _init_hover(self) -> None:
        vb = self.plotItem.vb
        self._hover = pg.TextItem(anchor=(0.0, 0.0))
        self._hover.setParentItem(vb)  # pixel coordinates of the view box, not data coordinates
        self._hover.setPos(QPointF(6.0, 4.0))  # top left; the legends sit at the right
        self._hover.setZValue(20)
        self._hover.setVisible(False)
        self._hover_dot = pg.PlotDataItem(pen=None, symbol="o", symbolSize=9)
        self._hover_dot.setZValue(10)
        self.addItem(self._hover_dot, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def _style_hover(self, theme: Theme) -> None:
        self._hover.setColor(qcolor(theme.foreground))
        self._hover.setFont(font(theme.tick_pt))
        self._hover.fill = pg.mkBrush(qcolor(theme.background, 220))
        self._hover.border = pg.mkPen(qcolor(theme.foreground, 60), width=theme.px(1))
        self._hover_dot.setSymbolBrush(theme.train_curve)
        self._hover_dot.setSymbolPen(pg.mkPen(theme.background, width=theme.px(1.5)))

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        vb = self.plotItem.vb
        if len(self._steps) == 0 or not vb.sceneBoundingRect().contains(scene_pos):
            self._hide_hover()
            return
        x = vb.mapSceneToView(scene_pos).x()
        self._show_hover_at(10.0 ** x if self._log_steps else x)

    def _show_hover_at(self, x: float) -> None:
        index = int(np.clip(np.searchsorted(self._steps, x), 0, len(self._steps) - 1))
        if index > 0 and abs(self._steps[index - 1] - x) < abs(self._steps[index] - x):
            index -= 1  # nearest step, not the next one
        step, value = self._steps[index], float(self._train_y[index])
        text = translate("HistoryPlot", "step {step}: {name} {value}").format(
            step=f"{step:.0f}", name=self._value_name(), value=self._format_value(value))
        if self._val_y is not None:
            text += translate("HistoryPlot", "  (held-out {value})").format(
                value=self._format_value(float(self._val_y[index])))
        self._hover.setText(text)
        self._hover.setVisible(True)
        self._hover_dot.setData(self._steps[index:index + 1],
                                self._display_y(self._train_y[index:index + 1]))

    def _hide_hover(self) -> None:
        self._hover.setVisible(False)
        self._hover_dot.setData(EMPTY, EMPTY)

    def leaveEvent(self, event) -> None:
        self._hide_hover()
        super().leaveEvent(event)
