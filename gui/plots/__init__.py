"""The plot panels of the main window; each takes numpy arrays and restyles from a Theme."""

from gui.plots.accuracy_plot import AccuracyPlot
from gui.plots.decision_plot import DecisionPlot
from gui.plots.loss_plot import LossPlot
from gui.plots.predictions_plot import PredictionsPlot
from gui.plots.roc_plot import RocPlot
from gui.plots.samples_plot import SamplesPlot
from gui.plots.sigmoid_plot import SigmoidPlot
from gui.plots.weights_plot import WeightsPlot

__all__ = [
    "AccuracyPlot",
    "DecisionPlot",
    "LossPlot",
    "PredictionsPlot",
    "RocPlot",
    "SamplesPlot",
    "SigmoidPlot",
    "WeightsPlot",
]
