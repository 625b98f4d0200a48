"""The plot panels of the main window; each takes numpy arrays and restyles from a Theme."""

from gui.plots.accuracy_plot import AccuracyPlot
from gui.plots.loss_plot import LossPlot
from gui.plots.predictions_plot import PredictionsPlot
from gui.plots.samples_plot import SamplesPlot
from gui.plots.sigmoid_plot import SigmoidPlot

__all__ = ["AccuracyPlot", "LossPlot", "PredictionsPlot", "SamplesPlot", "SigmoidPlot"]
