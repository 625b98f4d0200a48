"""The 2-D view: samples in feature space over the model's P(class 1), and its decision line
(a curve where the features include transforms of x₁ and x₂: core/feature_transforms.py)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from core.classification import DEFAULT_THRESHOLD, logit, predict
from core.feature_transforms import FeatureTransform, grid_logits
from core.sample_selection import SampleSelection, SampleSet, nearest_point, points_in_rect
from gui.i18n import translate
from gui.plots.colour_bar import diverging_colormap, make_colour_bar, style_colour_bar
from gui.plots.sample_picking import (
    HaloedSamples,
    PickingViewBox,
    selection_brush,
    selection_pen,
)
from gui.plots.themed_plot import (
    BELOW_PLOT_LEGEND_SHARE,
    ThemedPlot,
    fit_legend_below,
    make_legend,
    qcolor,
    style_legend,
)
from gui.plots.uniform_scatter import UniformScatter, drawn_mask
from gui.theme import THEMES, Theme

GRID = 200  # heat-map pixels per side: smooth on a slide, 40 000 sigmoids per update
MARGIN = 0.08  # share of the data extent added on every side of the view
DEFAULT_RECT = (-3.0, 3.0, -3.0, 3.0)  # (x_min, x_max, y_min, y_max) before any data
HEAT_TINT = 0.55  # how far P = 0 and P = 1 go from neutral toward the class colours
PROBABILITY_TICKS = [[(0.0, "0"), (0.5, "0.5"), (1.0, "1")], []]

Rect = tuple[float, float, float, float]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), in place on a float array, without overflow."""
    z *= 0.5
    np.tanh(z, out=z)
    z += 1.0
    z *= 0.5
    return z


def data_rect(points: np.ndarray) -> Rect:
    """(x_min, x_max, y_min, y_max) around (N, 2) `points`, with a margin on every side."""
    if len(points) == 0:
        return DEFAULT_RECT
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.where(high > low, MARGIN * (high - low), 1.0)
    return (float(low[0] - pad[0]), float(high[0] + pad[0]),
            float(low[1] - pad[1]), float(high[1] + pad[1]))


def pixel_centres(low: float, high: float, n: int = GRID) -> np.ndarray:
    """Centres of `n` equal pixels spanning [low, high]."""
    return low + (np.arange(n) + 0.5) * ((high - low) / n)


def probability_grid(w: np.ndarray, b: float, rect: Rect, n: int = GRID) -> np.ndarray:
    """sigmoid(w·x + b) at the pixel centres of an n x n grid over `rect`; row i is the i-th
    y from the bottom, column j the j-th x from the left."""
    xs = pixel_centres(rect[0], rect[1], n)
    ys = pixel_centres(rect[2], rect[3], n)
    return sigmoid(np.add.outer(w[1] * ys + b, w[0] * xs))


def transformed_grid(w: np.ndarray, b: float, transforms: tuple[FeatureTransform, ...],
                     rect: Rect, n: int = GRID) -> np.ndarray:
    """The logits w·φ(x) + b at the pixel centres of an n x n grid over `rect` (rows and
    columns as probability_grid's), φ being x₁, x₂ and `transforms`."""
    return grid_logits(w, b, transforms, pixel_centres(rect[0], rect[1], n),
                       pixel_centres(rect[2], rect[3], n))


def level_curve(logits: np.ndarray, rect: Rect, level: float = 0.0
                ) -> tuple[np.ndarray, np.ndarray]:
    """The curve where the grid's `logits` (rows and columns as probability_grid's) cross
    `level`, as x and y arrays in the rectangle's coordinates, its separate pieces divided by
    NaN."""
    rows, columns = logits.shape
    dx, dy = (rect[1] - rect[0]) / columns, (rect[3] - rect[2]) / rows
    xs, ys = [], []
    # pyqtgraph gives each point as (row, column) + 0.5, a pixel's centre being at its index
    # + 0.5: the same pixel geometry as pixel_centres, so x = x_min + column coordinate * dx.
    for piece in pg.isocurve(logits, level, connected=True):
        if len(piece) < 2:
            continue
        points = np.asarray(piece, dtype=np.float64)
        xs += [rect[0] + points[:, 1] * dx, [np.nan]]
        ys += [rect[2] + points[:, 0] * dy, [np.nan]]
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs[:-1]), np.concatenate(ys[:-1])


def clipped_line(w: np.ndarray, b: float, rect: Rect) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the line w·x + b = 0 inside `rect` (Liang-Barsky), or None where it misses
    the rectangle or w = 0."""
    scale = float(np.max(np.abs(w)))
    if scale == 0.0 or not np.isfinite(scale) or not np.isfinite(b):
        return None
    w, b = np.asarray(w, dtype=np.float64) / scale, float(b) / scale  # no under/overflow
    start = -b * w / float(w @ w)  # the line's point closest to the origin
    direction = np.array([-w[1], w[0]])
    t_low, t_high = -np.inf, np.inf
    for axis, (low, high) in enumerate((rect[:2], rect[2:])):
        if direction[axis] == 0.0:  # parallel to this pair of edges
            if not low <= start[axis] <= high:
                return None
            continue
        ends = sorted(((low - start[axis]) / direction[axis],
                       (high - start[axis]) / direction[axis]))
        t_low, t_high = max(t_low, ends[0]), min(t_high, ends[1])
    if t_low >= t_high:
        return None
    return start + t_low * direction, start + t_high * direction


class _Samples:
    """One set of samples (training or held-out): positions, labels, one scatter per class."""

    def __init__(self, symbol: str):
        self.scatters = (UniformScatter(symbol=symbol, pxMode=True),
                         UniformScatter(symbol=symbol, pxMode=True))
        self.X = np.empty((0, 2))
        self.y = np.zeros(0, dtype=bool)
        self.wrong = np.zeros(0, dtype=bool)
        self.drawn = np.zeros(0, dtype=bool)  # the samples the view draws (all, unless huge)

    def update(self, X: np.ndarray, y: np.ndarray) -> None:
        """`X`: x₁ and x₂ in its first two columns (the plane drawn), any transforms after."""
        self.X, self.y = X, y
        self.wrong = np.zeros(len(y), dtype=bool)
        self.drawn = drawn_mask(len(y))
        for scatter, members in zip(self.scatters, (~y, y), strict=True):
            shown = members & self.drawn
            scatter.set_points(X[shown, 0], X[shown, 1])

    def classify(self, w: np.ndarray | None, b: float, threshold: float) -> None:
        """Mark the samples that s(w·x + b) > threshold puts on the wrong side (none without
        a model)."""
        if w is None or len(self.y) == 0:
            self.wrong = np.zeros(len(self.y), dtype=bool)
        else:
            self.wrong = predict(self.X @ w + b, threshold) != self.y


def checked_samples(X, y, name: str, transforms: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(N, 2 + `transforms`) finite float coordinates and boolean labels, or ValueError naming
    the problem."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).ravel()
    if X.ndim != 2 or X.shape[1] != 2 + transforms:
        features = X.shape[1] if X.ndim == 2 else f"an array of shape {X.shape}"
        raise ValueError(f"the decision boundary view needs {2 + transforms} features; {name} "
                         f"has {features}")
    if len(y) != len(X):
        raise ValueError(f"{name} has {len(X)} samples but {len(y)} labels")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return X, y > 0.5


class DecisionPlot(HaloedSamples, ThemedPlot):
    """2-D samples over a heat map of P(class 1 | x) and the line where it is the
    decision threshold (0.5 unless set_threshold says otherwise)."""

    _grid = (False, False)  # the heat map is the background; grid lines would cut through it

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("decisionPlot", "", "", "", parent, view_box=PickingViewBox())
        self._feature_names: tuple[str, str] | None = None  # the data's, when it has them
        self._standardised = False
        self._train, self._val = _Samples("o"), _Samples("d")
        self._has_val = False
        self._rect: Rect = DEFAULT_RECT
        self._w: np.ndarray | None = None
        self._b = 0.0
        self._threshold = DEFAULT_THRESHOLD
        self._segment: tuple[np.ndarray, np.ndarray] | None = None
        self._transforms: tuple[FeatureTransform, ...] = ()  # the columns after x₁ and x₂
        self._logits: np.ndarray | None = None  # the heat map's, with transforms
        self._heat = pg.ImageItem(axisOrder="row-major")
        self._line = pg.PlotDataItem(antialias=True)
        self._wrong = UniformScatter(symbol="o", pxMode=True)
        self._halo = UniformScatter(symbol="o", pxMode=True)  # behind selected samples
        self._selection = SampleSelection()
        self._colour_bar = make_colour_bar("")
        self._add_items()
        self._init_legend()
        self._init_view()
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        self.set_title(translate("DecisionPlot", "Decision boundary"))
        self._colour_bar.getAxis("left").setLabel(translate("DecisionPlot", "P(class 1)"))
        self._update_axis_labels()
        self._rebuild_legend()

    def set_feature_names(self, names, standardised: bool = False) -> None:
        """Label the axes with the data's two feature names (None: "feature x₁" and "x₂"),
        saying when they are z-scores (`standardised`) rather than in their own units."""
        self._feature_names = None if not names else (names[0], names[-1])
        self._standardised = standardised
        self._update_axis_labels()

    def _update_axis_labels(self) -> None:
        names = self._feature_names or (translate("DecisionPlot", "feature x₁"),
                                        translate("DecisionPlot", "feature x₂"))
        if self._feature_names and self._standardised:
            names = tuple(translate("DecisionPlot", "{name}, standardised").format(name=name)
                          for name in names)
        for axis, name, short in (("bottom", names[0], "x₁"), ("left", names[1], "x₂")):
            if self.axis_label(axis) != name:
                self.set_axis_label(axis, name, short=short)

    # ----- public API -----

    @staticmethod
    def supports(n_features: int) -> bool:
        """Whether data with `n_features` features can be drawn here (only 2 can)."""
        return n_features == 2

    def set_data(self, X_train: np.ndarray, y_train: np.ndarray,
                 X_val: np.ndarray | None = None, y_val: np.ndarray | None = None,
                 transforms: tuple[FeatureTransform, ...] = ()) -> None:
        """Draw samples by class (held-out ones hollow) in the (x₁, x₂) plane and fit the view
        to them; their columns are x₁, x₂ and then `transforms` (in FeatureTransform's
        order), as core/feature_transforms.py expands them."""
        self._transforms = tuple(t for t in FeatureTransform if t in set(transforms))
        extra = len(self._transforms)
        X_train, y_train = checked_samples(X_train, y_train, "the training data", extra)
        has_val = X_val is not None and y_val is not None
        X_val, y_val = (checked_samples(X_val, y_val, "the held-out data", extra) if has_val
                        else (np.empty((0, 2 + extra)), np.zeros(0, dtype=bool)))
        self._has_val = has_val
        self._train.update(X_train, y_train)
        self._val.update(X_val, y_val)
        self._update_halo()
        self._rect = data_rect(np.concatenate([X_train[:, :2], X_val[:, :2]]))
        self._fit_view()
        self._rebuild_legend()
        self._update_model()

    def set_model(self, w: np.ndarray, b: float) -> None:
        """Show h(x) = sigmoid(w·φ(x) + b) as the background and the boundary where h(x) = t
        (φ(x) = x without transforms: a straight line)."""
        w = np.asarray(w, dtype=np.float64).ravel()
        weights = 2 + len(self._transforms)
        if w.shape != (weights,):
            raise ValueError(f"the decision boundary view needs {weights} weights, got {w.size}")
        finite = bool(np.all(np.isfinite(w)) and np.isfinite(b))
        self._w, self._b = (w, float(b)) if finite else (None, 0.0)
        self._update_model()

    def set_threshold(self, threshold: float) -> None:
        """Draw the contour p = `threshold` (w·x + b = logit(t)) and ring the samples it calls
        wrongly."""
        self._threshold = float(threshold)
        self._rebuild_legend()
        self._update_model()

    def clear(self) -> None:
        """Forget data and model: an empty view over the default rectangle."""
        self._w, self._has_val, self._transforms = None, False, ()
        for group in (self._train, self._val):
            group.update(np.empty((0, 2)), np.zeros(0, dtype=bool))
        self._update_halo()
        self._rect = DEFAULT_RECT
        self._fit_view()
        self._rebuild_legend()
        self._update_model()

    def boundary_segment(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The two ends of the drawn decision line, or None when none is drawn (or the
        boundary is a curve: boundary_curve)."""
        return self._segment

    def boundary_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """The x and y values of the drawn boundary (a curve's pieces divided by NaN)."""
        x, y = self._line.getData()
        return (np.empty(0), np.empty(0)) if x is None else (np.asarray(x), np.asarray(y))

    def view_rect(self) -> Rect:
        """(x_min, x_max, y_min, y_max) of the view, the heat map and the line's clipping."""
        return self._rect

    def probability_map(self) -> np.ndarray | None:
        """The heat map's P(class 1) values (row 0 at y_min, column 0 at x_min), or None."""
        return self._heat.image if self._w is not None else None

    def misclassified_count(self, held_out: bool = False) -> int:
        """Number of ringed samples in the training set (or in the held-out set)."""
        return int(np.count_nonzero((self._val if held_out else self._train).wrong))

    # ----- linked selection (gui/sample_selection.py) -----

    def picked_at(self, x: float, y: float) -> SampleSelection:
        """The sample drawn nearest to view point (x, y), within a symbol's reach."""
        pixel = self.plotItem.vb.viewPixelSize()
        reach = self._theme.symbol_size + 3.0
        found = []
        for group, sample_set in self._sample_groups():
            xs, ys = self._drawn_positions(group)
            index = nearest_point(xs, ys, (x, y), pixel, reach)
            if index is not None:
                found.append((np.hypot((xs[index] - x) / pixel[0], (ys[index] - y) / pixel[1]),
                              sample_set, index))
        if not found:
            return SampleSelection()
        _, sample_set, index = min(found, key=lambda item: item[0])
        return (SampleSelection.of(training=[index]) if sample_set is SampleSet.TRAINING
                else SampleSelection.of(held_out=[index]))

    def picked_in(self, rect: tuple[float, float, float, float]) -> SampleSelection:
        """The samples drawn inside view rectangle (x0, x1, y0, y1)."""
        return SampleSelection.of(*(points_in_rect(*self._drawn_positions(group), rect)
                                    for group in (self._train, self._val)))

    @staticmethod
    def _drawn_positions(group: _Samples) -> tuple[np.ndarray, np.ndarray]:
        """x and y of every sample, NaN where the view leaves it out (a very large set)."""
        xs, ys = group.X[:, 0].copy(), group.X[:, 1].copy()
        xs[~group.drawn] = np.nan
        return xs, ys

    def _haloed(self, group: _Samples, sample_set: SampleSet) -> np.ndarray:
        index = self._selection.indices(sample_set)
        return index[index < len(group.y)]

    def _update_halo(self) -> None:
        points = np.concatenate([group.X[self._haloed(group, sample_set)]
                                 for group, sample_set in self._sample_groups()])
        self._halo.set_points(points[:, 0], points[:, 1])

    # ----- construction -----

    def _add_items(self) -> None:
        self._heat.setZValue(-10)
        self.addItem(self._heat)
        self._line.setZValue(5)
        self.addItem(self._line)
        for z, scatter in enumerate((*self._train.scatters, *self._val.scatters)):
            scatter.setZValue(6 + z)
            self.addItem(scatter)
        self._wrong.setZValue(10)
        self.addItem(self._wrong)
        self._halo.setZValue(5.5)  # over the line, behind the samples
        self.addItem(self._halo)
        self._colour_bar.setImageItem(self._heat, insert_in=self.plotItem)
        self._colour_bar.axis.setTicks(PROBABILITY_TICKS)

    def _init_legend(self) -> None:
        # Under the plot, as wide as the axis and view together: inside the view it would hide
        # samples and the heat map.
        self._legend = self.add_legend(make_legend(frame=False))
        self.plotItem.layout.addItem(self._legend, 4, 0, 1, 2,
                                     alignment=Qt.AlignmentFlag.AlignHCenter)
        self._rebuild_legend()

    def _init_view(self) -> None:
        self.setMouseEnabled(x=False, y=False)  # the heat map covers exactly the data's view
        self.plotItem.hideButtons()
        self.plotItem.vb.disableAutoRange()
        self.plotItem.vb.sigResized.connect(self._fit_legend)
        self._fit_view()

    # ----- updates -----

    def _fit_view(self) -> None:
        x0, x1, y0, y1 = self._rect
        self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _update_model(self) -> None:
        for group in (self._train, self._val):
            group.classify(self._w, self._b, self._threshold)
        self._update_heat_map()
        self._update_line()
        self._update_wrong()

    def _update_heat_map(self) -> None:
        self._logits = None
        if self._w is None:
            self._heat.clear()
            return
        x0, x1, y0, y1 = self._rect
        if self._transforms:
            self._logits = transformed_grid(self._w, self._b, self._transforms, self._rect)
            image = sigmoid(self._logits.copy())
        else:
            image = probability_grid(self._w, self._b, self._rect)
        self._heat.setImage(image, autoLevels=False)
        self._heat.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def _update_line(self) -> None:
        if self._logits is not None:  # transforms: the contour p = t is a curve
            self._segment = None
            self._line.setData(*level_curve(self._logits, self._rect, logit(self._threshold)),
                               connect="finite")
            return
        # The contour p = t: w·x + (b - logit(t)) = 0.
        self._segment = None if self._w is None else clipped_line(
            self._w, self._b - logit(self._threshold), self._rect)
        if self._segment is None:
            self._line.setData([], [])
        else:
            start, end = self._segment
            self._line.setData([start[0], end[0]], [start[1], end[1]])

    def _update_wrong(self) -> None:
        # One ring slot per sample, shown where misclassified (see SamplesPlot._update_wrong).
        groups = (self._train, self._val)
        X = np.concatenate([g.X[g.drawn] for g in groups])
        self._wrong.set_points(X[:, 0], X[:, 1], np.concatenate([g.wrong[g.drawn] for g in groups]))
        label = self._legend.getLabel(self._wrong)
        text = self._wrong_label()
        if label is not None and label.text != text:
            longer = len(text) != len(label.text)
            label.setText(text)
            if longer:  # a count gained a digit: the legend may no longer fit its row
                self._fit_legend()

    def _line_label(self) -> str:
        t = self._threshold
        if self._transforms:
            if t == DEFAULT_THRESHOLD:
                return translate("DecisionPlot", "decision boundary  w·φ(x) + b = 0")
            return translate("DecisionPlot",
                             "decision boundary  p = {t:g}:  w·φ(x) + b = {logit:.2f}").format(
                t=t, logit=logit(t))
        if t == DEFAULT_THRESHOLD:
            return translate("DecisionPlot", "decision line  w·x + b = 0")
        return translate("DecisionPlot", "decision line  p = {t:g}:  w·x + b = {logit:.2f}").format(
            t=t, logit=logit(t))

    def _wrong_label(self) -> str:
        n_train = self.misclassified_count()
        if not self._has_val:
            return translate("DecisionPlot", "misclassified ({count})").format(count=n_train)
        return translate("DecisionPlot", "misclassified ({count}; held-out {held_out})").format(
            count=n_train, held_out=self.misclassified_count(True))

    # ----- legend -----

    def _rebuild_legend(self) -> None:
        entries = [(self._train.scatters[0], translate("DecisionPlot", "class 0")),
                   (self._train.scatters[1], translate("DecisionPlot", "class 1"))]
        if self._has_val:
            entries += [(self._val.scatters[0], translate("DecisionPlot", "held-out class 0")),
                        (self._val.scatters[1], translate("DecisionPlot", "held-out class 1"))]
        entries += [(self._wrong, self._wrong_label()),
                    (self._line, self._line_label())]
        self._legend.clear()
        for item, name in entries:
            self._legend.addItem(item, name)
        style_legend(self._legend, self._theme)
        self._fit_legend()
        self._settle_layout()

    def _settle_layout(self) -> None:
        # LegendItem.updateSize (run by style_legend) moves the legend to (0, 0), over the title,
        # until the plot's layout next runs: run it now, so a grab straight after is right.
        self.plotItem.layout.invalidate()
        self.plotItem.layout.activate()

    def _fit_legend(self, *_) -> None:
        # From the widget's width, not the view box's (an over-wide legend widens the view box
        # too), less the colour bar beside the legend's columns.
        available = self.width() - self._colour_bar.width() - 24
        if available <= 0 or not self._legend.items:
            return
        placed = self._legend.pos()
        fit_legend_below(self._legend, self._theme, available,
                         BELOW_PLOT_LEGEND_SHARE * self.height())
        self._legend.setPos(placed)  # see _settle_layout; the layout re-centres it next run
        # The plot item grew with a wider legend earlier; fit it back into the widget.
        self.centralWidget.setGeometry(self.range)

    def resizeEvent(self, event) -> None:
        # Refit on the widget's own resize: an over-wide legend keeps the view box from
        # shrinking, so the view box's sigResized alone would never fire.
        super().resizeEvent(event)
        if hasattr(self, "_legend"):  # resized once during construction, before the legend
            self._fit_legend()

    # ----- theme -----

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        style_colour_bar(self._colour_bar, self._theme, "0.5")
        self._fit_legend()
        self._settle_layout()

    def _restyle(self, theme: Theme) -> None:
        self._colour_bar.setColorMap(diverging_colormap(theme.class0, theme.background,
                                                        theme.class1, HEAT_TINT))
        self._colour_bar.setLevels((0.0, 1.0))
        for group, hollow in ((self._train, False), (self._val, True)):
            for scatter, colour in zip(group.scatters, (theme.class0, theme.class1), strict=True):
                self._style_samples(scatter, colour, hollow, theme)
        self._wrong.setSize(theme.symbol_size * 2.0)
        self._wrong.setBrush(pg.mkBrush(None))
        self._wrong.setPen(pg.mkPen(theme.misclassified,
                                    width=theme.px(max(1.5, theme.pen_width * 0.6))))
        self._halo.setSize(theme.symbol_size * 3.0)
        self._halo.setBrush(selection_brush(theme))
        self._halo.setPen(selection_pen(theme))
        self.plotItem.vb.style_band(theme)
        self._line.setPen(pg.mkPen(qcolor(theme.foreground), width=theme.px(theme.pen_width)))

    @staticmethod
    def _style_samples(scatter: UniformScatter, colour: str, hollow: bool, theme: Theme) -> None:
        if hollow:
            scatter.setSize(theme.symbol_size + 2)
            scatter.setBrush(pg.mkBrush(qcolor(theme.background, 160)))
            scatter.setPen(pg.mkPen(colour, width=theme.px(1.8)))
        else:
            scatter.setSize(theme.symbol_size)
            scatter.setBrush(pg.mkBrush(colour))
            scatter.setPen(pg.mkPen(qcolor(theme.background, 220), width=theme.px(0.8)))
