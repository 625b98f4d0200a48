"""Exports for slides: PNG sizes and content, SVG text, clipboard, and readable failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QLabel

from gui.export import (
    ExportError,
    caption_band_height,
    copy_image_to_clipboard,
    export_png,
    export_svg,
)
from gui.plots import LossPlot, PredictionsPlot, SamplesPlot, SigmoidPlot
from tests.plot_fixtures import curve, decaying_cost, logits_and_labels, show

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def loss_plot(qtbot):
    plot = show(qtbot, LossPlot(), 640, 360)
    steps, cost = decaying_cost(2000)
    plot.set_history(steps, cost, cost + 0.3)
    return plot


def distinct_colours(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32,
                           count=image.bytesPerLine() * image.height() // 4)
    return len(np.unique(pixels))


def svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(node.itertext()).strip() for node in root.iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("scale", [1, 2, 3, 1.5])
def test_png_is_widget_size_times_scale(loss_plot, tmp_path, scale):
    path = tmp_path / f"loss_{scale}.png"
    size = export_png(loss_plot, path, scale=scale)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (round(640 * scale), round(360 * scale))
    assert (size.width(), size.height()) == (image.width(), image.height())
    assert distinct_colours(image) > 20  # curves, text and grid, not a blank canvas


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_caption_adds_a_band_under_the_image(loss_plot, tmp_path, scale):
    path = tmp_path / "captioned.png"
    export_png(loss_plot, path, scale=scale, caption="Figure 1: cost per step, lr 0.1")
    image = QImage(str(path))
    band = caption_band_height(loss_plot, scale)
    assert band > 10 * scale
    assert (image.width(), image.height()) == (round(640 * scale), round(360 * scale) + band)
    caption_rows = image.copy(0, image.height() - band, image.width(), band)
    assert distinct_colours(caption_rows) > 2  # the caption text is drawn in the band


def test_scaled_export_restores_the_on_screen_line_widths(loss_plot, tmp_path):
    width = curve(loss_plot, "training cost").opts["pen"].widthF()
    export_png(loss_plot, tmp_path / "x3.png", scale=3)
    assert curve(loss_plot, "training cost").opts["pen"].widthF() == width
    assert loss_plot.theme().line_scale == 1.0


def test_scaled_export_draws_thicker_lines(loss_plot, tmp_path):
    """A 2x export must look like the screen, only sharper: lines twice as thick, so the
    curve covers four times the pixels (twice as long, twice as wide), not two."""
    def curve_pixels(path):
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(-1, 4)[:, 2::-1]
        target = np.array(QColor(loss_plot.theme().train_curve).getRgb()[:3])
        return int(np.sum(np.abs(pixels.astype(int) - target).sum(axis=1) < 60))

    export_png(loss_plot, tmp_path / "x1.png", scale=1)
    export_png(loss_plot, tmp_path / "x2.png", scale=2)
    assert curve_pixels(tmp_path / "x2.png") >= 3.0 * curve_pixels(tmp_path / "x1.png")


def test_samples_plot_exports_at_three_times(qtbot, tmp_path):
    plot = show(qtbot, SamplesPlot(), 700, 400)
    z, y = logits_and_labels(300)
    plot.set_samples(z, y)
    size = export_png(plot, tmp_path / "samples.png", scale=3)
    assert (size.width(), size.height()) == (2100, 1200)
    assert distinct_colours(QImage(str(tmp_path / "samples.png"))) > 50


def test_svg_keeps_legend_and_axis_labels_as_text(loss_plot, tmp_path):
    path = tmp_path / "loss.svg"
    export_svg(loss_plot, path, title="Cost per step", caption="lr 0.1, l2 0.01")
    texts = svg_texts(path)
    for expected in ("training cost", "held-out cost", "Training and held-out cost",
                     "training step", "lr 0.1, l2 0.01"):
        assert expected in texts
    root = ET.parse(path).getroot()
    assert root.find(f"{SVG_NS}title").text == "Cost per step"


def test_svg_of_the_sigmoid_contains_the_formula(qtbot, tmp_path):
    plot = show(qtbot, SigmoidPlot(), 700, 320)
    plot.set_identity_visible(True)
    export_svg(plot, tmp_path / "sigmoid.svg")
    texts = svg_texts(tmp_path / "sigmoid.svg")
    assert "s(x) = 1 / (1 + e⁻ˣ)" in texts
    assert "(1 + tanh(x/2)) / 2" in texts


def test_svg_draws_samples_as_vector_symbols(qtbot, tmp_path):
    plot = show(qtbot, SamplesPlot(), 600, 360)
    z, y = logits_and_labels(40)
    plot.set_samples(z, y)
    export_svg(plot, tmp_path / "samples.svg")
    root = ET.parse(tmp_path / "samples.svg").getroot()
    assert root.find(f".//{SVG_NS}image") is None  # no embedded symbol bitmaps
    assert len(list(root.iter(f"{SVG_NS}path"))) >= 40


def test_any_widget_can_be_exported(qtbot, tmp_path):
    label = QLabel("Logistic Regression Lab")
    show(qtbot, label, 300, 80)
    size = export_png(label, tmp_path / "label.png", scale=2, caption="caption")
    assert (size.width(), size.height()) == (600, 160 + caption_band_height(label, 2))


def test_clipboard_receives_the_scaled_image(loss_plot):
    size = copy_image_to_clipboard(loss_plot, scale=2)
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (size.width(), size.height()) == (1280, 720)


@pytest.mark.parametrize("scale", [0, 0.99, 4.01, 5])
def test_scale_outside_one_to_four_is_refused(loss_plot, tmp_path, scale):
    with pytest.raises(ValueError, match="between 1 and 4"):
        export_png(loss_plot, tmp_path / "x.png", scale=scale)
    with pytest.raises(ValueError, match="between 1 and 4"):
        copy_image_to_clipboard(loss_plot, scale=scale)
    assert not (tmp_path / "x.png").exists()


def test_missing_folder_raises_export_error(loss_plot, tmp_path):
    missing = tmp_path / "no such folder"
    with pytest.raises(ExportError, match="does not exist"):
        export_png(loss_plot, missing / "loss.png")
    with pytest.raises(ExportError, match="does not exist"):
        export_svg(loss_plot, missing / "loss.svg")


def test_folder_as_target_raises_export_error(loss_plot, tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        export_png(loss_plot, tmp_path)


def test_unwritable_format_raises_export_error(loss_plot, tmp_path, monkeypatch):
    """A failure Qt only reports through QImage.save's return value still becomes an error."""
    monkeypatch.setattr(QImage, "save", lambda self, *args: False)
    with pytest.raises(ExportError, match="could not write"):
        export_png(loss_plot, tmp_path / "loss.png")


def test_predictions_export_keeps_its_summary_text(qtbot, tmp_path):
    plot = show(qtbot, PredictionsPlot(), 800, 220)
    plot.set_predictions(np.array([0, 1, 1, 0]), np.array([0, 1, 0, 0]))
    export_svg(plot, tmp_path / "predictions.svg")
    joined = " ".join(svg_texts(tmp_path / "predictions.svg")).replace("\xa0", " ")
    assert "TP 1" in joined and "accuracy 75.0 %" in joined
