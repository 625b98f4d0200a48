"""The Simplified Chinese interface (gui/i18n.py, resources/i18n/): the translation file is
complete and current, the compiled .qm is the .ts's, and the real window, switched to zh_CN
live, shows no English word anywhere (menus, the lesson note, the dialogs included); switched
back, it shows exactly the English it showed before. --lang chooses the language of a
screenshot, and a language the window does not speak is refused in one line."""

from __future__ import annotations

import html
import pprint
import re
import shutil
import string
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest

from core.config import TrainingConfig
from core.datasets import PRESETS
from core.ready_lessons import READY_LESSONS
from core.session import RunState

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "lrlab_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "lrlab_zh_CN.qm"
WAIT_MS = 20000
# A small run with a held-out split, so that the held-out legends, titles and the predictions
# switch show too; 16 features draw the weights as a 4 x 4 picture.
SPLIT = TrainingConfig(dataset="overfit", samples=80, features=16, val_fraction=0.25,
                       iterations=60, device="cpu", dtype="float64")

# Words that stay as they are in the Chinese interface. Anything else of two or more Latin
# letters (outside tokens with digits: float32, L2, mnist-3-8, Ctrl+0) is an untranslated text.
ALLOWED_WORDS = {
    # names: software, hardware, data sets, an algorithm's name
    "PyTorch", "CPU", "GPU", "CUDA", "MNIST", "XOR", "Gram",
    # the notebook's own terms ("sigmoid 函数", "Logistic 回归") and functions in formulas
    "sigmoid", "Logistic", "tanh", "softplus", "logit", "log", "ln", "mean", "sin",
    # symbols, abbreviations and units: learning rate, confusion-matrix counts, file formats,
    # megabytes
    "lr", "TP", "FP", "TN", "FN", "PNG", "SVG", "GIF", "WebP", "CSV", "JSON", "MB",
    # the names of a classifier's curves and their areas (as Chinese texts write them)
    "ROC", "AUC", "AP",
    # keys
    "Shift", "Ctrl", "Alt", "Home", "End", "Esc",
    # values the command line and lesson files use, shown as they are: presets, ready
    # lessons (--lesson NAME), devices, the initialisation
    *PRESETS, *READY_LESSONS, "cpu", "cuda", "mps", "randn",
    # a language's name in itself (View > Language)
    "English",
    # a command to type as it is (the animation dialog's MP4 entry without ffmpeg)
    "ffmpeg", "pip", "install", "imageio-ffmpeg", "PATH",
}
TOKEN = re.compile(r"[A-Za-z0-9_+.\-]+")


def english_words(text: str) -> list[str]:
    """The words of `text` that are English (options such as --preset and file extensions
    such as .csv are code, not words)."""
    return [token for token in TOKEN.findall(text)
            if re.search(r"[A-Za-z]{2}", token) and not re.search(r"\d", token)
            and not token.startswith(("-", ".")) and token.strip(".-+_") not in ALLOWED_WORDS]


# ----- the translation files ----------------------------------------------------------------

def ts_messages(path: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, its type attribute) of every entry of a .ts file."""
    root = ET.parse(path).getroot()
    return [(context.findtext("name"), message.findtext("source"),
             message.findtext("translation") or "", message.find("translation").get("type"))
            for context in root.iter("context") for message in context.iter("message")]


def test_every_string_of_the_code_has_a_finished_translation(tmp_path):
    """lupdate run now over gui/ (on a copy) adds nothing to the committed .ts: no string of
    the code is missing from it, none is unfinished or empty."""
    from resources.i18n.update_translations import run_lupdate

    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    run_lupdate(copy, "zh_CN")
    merged = ts_messages(copy)
    unfinished = [(context, source) for context, source, translation, kind in merged
                  if kind is not None or not translation.strip()]
    assert unfinished == [], "run resources/i18n/update_translations.py and translate these"
    committed = {(context, source) for context, source, *_ in ts_messages(TS)}
    assert {(context, source) for context, source, *_ in merged} == committed
    assert len(committed) > 200


def test_core_texts_list_every_label_help_and_description_of_cores_tables():
    from resources.i18n.update_translations import CORE_TEXTS, core_texts_source

    assert CORE_TEXTS.read_text(encoding="utf-8") == core_texts_source(), (
        "core's tables changed: run resources/i18n/update_translations.py")


def test_the_shipped_qm_is_the_ts_compiled(tmp_path):
    """lrelease output is byte-for-byte the same for the same .ts (checked: it writes no
    time stamp or path), so a .qm older than its .ts differs."""
    from resources.i18n.update_translations import run_lrelease

    run_lrelease(TS, tmp_path / "fresh.qm")
    assert (tmp_path / "fresh.qm").read_bytes() == QM.read_bytes(), (
        "the .qm is out of date: run resources/i18n/update_translations.py")


def ts_translation(context: str, source: str) -> str:
    """The committed .ts file's translation of `source` in `context`."""
    found = [translation for name, text, translation, _ in ts_messages(TS)
             if (name, text) == (context, source)]
    assert len(found) == 1, (context, source)
    return found[0]


def placeholders(text: str) -> list[tuple[str, str]]:
    """The {name:spec} fields of a str.format template, sorted."""
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_translations_keep_every_placeholder_and_html_tag():
    for context, source, translation, _ in ts_messages(TS):
        where = f"{context}: {source[:60]!r}"
        assert placeholders(translation) == placeholders(source), where
        tags = sorted(re.findall(r"</?[a-z0-9]+", source))
        assert sorted(re.findall(r"</?[a-z0-9]+", translation)) == tags, where
        assert not english_words(re.sub(r"\{[^}]*\}|<[^>]*>|&\w+;", " ", translation)), where


def test_the_qm_ships_as_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    patterns = re.search(r'^"\*" = \[(.*)\]$', text, re.MULTILINE).group(1)
    assert '"*.qm"' in patterns
    assert (ROOT / "resources" / "i18n" / "__init__.py").exists()  # a package: found by setup


# ----- choosing the language ----------------------------------------------------------------

def test_the_system_locale_chooses_the_language(qapp):
    from PySide6.QtCore import QLocale

    from gui.i18n import Language, system_language

    for name, language in (("zh_CN", Language.ZH_CN), ("zh_SG", Language.ZH_CN),
                           ("en_GB", Language.EN), ("de_DE", Language.EN),
                           ("C", Language.EN), ("zh_TW", Language.ZH_CN)):
        assert system_language(QLocale(name)) is language, name


def test_the_command_line_then_the_last_choice_then_the_system_decide(qapp, monkeypatch):
    from gui import i18n
    from gui.i18n import Language, startup_language

    monkeypatch.setattr(i18n, "system_language", lambda: Language.ZH_CN)
    assert startup_language("en", Language.ZH_CN) is Language.EN
    assert startup_language(None, Language.EN) is Language.EN
    assert startup_language(None, None) is Language.ZH_CN
    assert startup_language(None, None, follow_system=False) is Language.EN
    with pytest.raises(ValueError, match="zh_CN"):
        startup_language("fr", None)


def test_a_missing_catalogue_is_refused_and_the_language_stays(qapp, monkeypatch, tmp_path):
    from gui import i18n

    monkeypatch.setattr(i18n, "translations_folder", lambda: str(tmp_path))
    with pytest.raises(i18n.LanguageError, match="lrlab_zh_CN.qm"):
        i18n.set_language(i18n.Language.ZH_CN)
    assert i18n.current_language() is i18n.Language.EN


# ----- the window ---------------------------------------------------------------------------

@pytest.fixture
def english_after(qapp):
    """The application speaks English again after the test (translators are global)."""
    yield
    from gui.i18n import Language, set_language

    set_language(Language.EN)
    qapp.processEvents()


def scene_texts(plot) -> list[str]:
    """Every text a plot draws: title, axis labels, legends, captions, hints, markers (the
    scene's text items, shown or not), its fixed tick labels, and graphics items' tooltips."""
    from PySide6.QtWidgets import QGraphicsTextItem

    texts = []
    for item in plot.scene().items():
        if isinstance(item, QGraphicsTextItem):
            texts.append(item.toPlainText())
        texts.append(item.toolTip())
    for name in ("left", "bottom"):
        levels = plot.getAxis(name)._tickLevels or []
        texts += [text for level in levels for _, text in level]
    return texts


def typed(widget) -> bool:
    """A field whose text the user types (a lesson's title, an exercise's reason): shown as
    typed, in whatever language it was written. A spin box's or a combo box's own line edit
    shows the window's text."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

    return (isinstance(widget, QLineEdit) and not widget.isReadOnly()
            and not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)))


def window_texts(window) -> dict[str, list[str]]:
    """What the window shows, by where: every widget's text, tooltip, placeholder and title
    (the dialogs' too), every menu's title and its actions' texts and tips, the rewind
    actions, every plot's drawn texts."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QMenuBar,
        QPlainTextEdit,
        QProgressBar,
        QTextBrowser,
        QWidget,
    )

    from gui.panel_layout import Focus

    found: dict[str, list[str]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        texts = [widget.toolTip(), widget.statusTip()]
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, (QLabel, QAbstractButton)) or (
                isinstance(widget, QLineEdit) and not typed(widget)):
            texts.append(widget.text())
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        if isinstance(widget, QMenu):
            bar = widget.parent()
            if isinstance(bar, QMenuBar) and widget.menuAction() not in bar.actions():
                continue  # the bar's overflow menu: the bar's own menus, as the last layout left it
            texts.append(widget.title())
            for action in widget.actions():
                texts += [action.text(), action.toolTip(), action.statusTip()]
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                texts += [widget.itemText(index), str(widget.itemData(index, 3) or "")]
        if isinstance(widget, QAbstractSpinBox):
            texts += [widget.specialValueText(), widget.suffix(), widget.prefix()]
        if isinstance(widget, QTextBrowser):  # its HTML's text, sub- and superscripts apart
            body = re.sub(r"<head>.*?</head>", " ", widget.toHtml(), flags=re.DOTALL)
            texts.append(html.unescape(re.sub(r"<[^>]*>", " ", body)))
        if isinstance(widget, QProgressBar):
            texts.append(widget.text())
        where = f"{type(widget).__name__} {widget.objectName()}"
        found.setdefault(where, []).extend(text for text in texts if text)
    for name, action in window.scrubber.actions.items():
        found[f"action {name}"] = [action.text(), action.toolTip(), action.statusTip()]
    for name, panel in window.panels().items():
        # A panel of several plots (the sample inspector): each plot's texts.
        plots = [panel] if hasattr(panel, "scene") else panel.findChildren(pg.PlotWidget)
        found[f"plot {name}"] = [text for plot in plots for text in scene_texts(plot) if text]
    found["focus"] = [text for focus in Focus for text in (focus.shown_title, focus.menu_tip())]
    return found


def untranslated(window) -> dict[str, list[str]]:
    return {where: sorted({text for text in texts if english_words(text)})
            for where, texts in window_texts(window).items()
            if any(english_words(text) for text in texts)}


def wait_until_equal(qtbot, read, expected, timeout=5000) -> None:
    """Wait until read() == expected (the language change is delivered as posted events, the
    step text at the next frame); on a timeout, fail showing the difference."""
    from pytestqt.exceptions import TimeoutError as WaitTimeout

    try:
        qtbot.waitUntil(lambda: read() == expected, timeout=timeout)
    except WaitTimeout:
        now = read()
        differing = {key: (now.get(key), expected.get(key)) for key in {*now, *expected}
                     if now.get(key) != expected.get(key)}
        pytest.fail("shown, wanted:\n" + pprint.pformat(differing, width=100))


def every_view_in_use(window, qtbot) -> None:
    """Train, pin, change lr live (a marker), rewind, show a ready lesson's note and locks
    (an exercise's: its reason in the note and tooltips), open every dialog with texts."""
    from core.ready_lessons import load_ready_lesson
    from gui.animation_dialog import open_animation_dialog
    from gui.export_dialog import open_export_dialog

    window.controls.learningRateInput.setValue(0.2)  # a live change: a marker on the curves
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    window.pinned.pin_run()
    window.scrubber.seek(10)
    qtbot.waitUntil(lambda: window.scrubber.rewound() and not window.optimum.pending(),
                    timeout=WAIT_MS)
    # The note and locks as opening the lesson shows them, without its run (the walk needs
    # this small one); opening it for real: test_a_ready_lesson_opened_in_chinese...
    window.guide.show(load_ready_lesson("regularisation"), "regularisation")
    window.show_maths()
    open_export_dialog(window)
    window.exercises.open_dialog()
    open_animation_dialog(window)


def test_switching_to_chinese_leaves_no_english_and_back_restores_english(
        make_window, qtbot, english_after):
    from PySide6.QtWidgets import QApplication

    from core.ready_lessons import load_ready_lesson
    from gui.i18n import Language

    window = make_window(SPLIT)
    every_view_in_use(window, qtbot)
    qtbot.wait(100)  # a frame: the status bar's step text
    english = window_texts(window)
    assert untranslated(window), "the check would find English words in the English window"
    # The walk reaches the menus, the lesson note and every dialog.
    for where in ("QLabel lessonNoteText", "ExerciseDialog exerciseDialog",
                  "AnimationDialog animationDialog", "ExportDialog exportDialog",
                  "LanguageMenu languageMenu"):
        assert english[where], where
    window.view.set_language(Language.ZH_CN)
    wait_until_equal(qtbot, lambda: untranslated(window), {})
    chinese = window_texts(window)
    shown = [text for texts in chinese.values() for text in texts]
    assert "sigmoid 函数" in chinese["plot sigmoidPlot"]
    assert "取消" in shown  # Qt's own buttons
    for source, context in (("&File", "Menus"), ("&Lessons", "LessonsMenu"),
                            ("Save lesson as exercise", "ExerciseDialog"),
                            ("Export animation", "AnimationDialog")):
        assert ts_translation(context, source) in shown, source
    lesson = load_ready_lesson("regularisation")
    assert window.lesson_note.title() == ts_translation("Lesson", lesson.title)
    assert ts_translation("Lesson", lesson.locked_reason) in window.lesson_note.locks.text()
    for plot in (window.lossPlot, window.accuracyPlot):  # the read-out under the mouse
        plot._show_hover_at(5)
        assert plot.hover_text().startswith("第 5 步") and not english_words(plot.hover_text())
        plot._hide_hover()
    window.view.set_language(Language.EN)
    QApplication.processEvents()
    wait_until_equal(qtbot, lambda: window_texts(window), english)
    # Bars of weights and their captions for many weights, in Chinese.
    window.view.set_language(Language.ZH_CN)
    weights = window.weightsPlot
    for w in (np.linspace(-1, 1, 20), np.linspace(-1, 1, 5000), np.linspace(-1, 1, 64)):
        weights.set_weights(w, 0.5)
        wait_until_equal(qtbot, lambda: untranslated(window), {})
        assert not english_words(weights.hover_text(1.0, 1.0))


def test_the_remembered_language_and_the_problem_dialogs_title(make_window, qtbot,
                                                               english_after):
    from PySide6.QtWidgets import QMessageBox

    from gui.i18n import Language, current_language
    from gui.view_settings import ViewSettings

    window = make_window(SPLIT)
    assert ViewSettings().language is None  # never chosen: the system's
    window.view.set_language(Language.ZH_CN)
    assert ViewSettings().language is Language.ZH_CN and current_language() is Language.ZH_CN
    window.status.show_problem("Training diverged", "The cost grew past 1000 times its start.")
    box = window.findChild(QMessageBox, "problemDialog")
    assert box.windowTitle() == "训练发散了"
    assert box.property("sourceTitle") == "Training diverged"  # the command line's English
    box.close()


def test_a_divergence_is_summed_up_in_the_windows_language(make_window, qtbot, english_after):
    """The status bar's sentence was core's English summary, in a Chinese window too (and at
    2x fonts it ran into the device label)."""
    from core.session import RunState
    from gui.i18n import Language

    window = make_window(TrainingConfig(dataset="blobs", lr=100.0, iterations=200, device="cpu"))
    window.view.set_language(Language.ZH_CN)
    with qtbot.waitSignal(window.trainingFinished, timeout=20000):
        window.controls.startButton.click()
    assert window.state is RunState.DIVERGED
    shown = window.statusBar().currentMessage()
    assert shown and not english_words(shown), shown
    assert any(character.isdigit() for character in shown)  # the step it diverged at
    # The dialog too: it showed core's English (with advice for buttons it did not have).
    from PySide6.QtWidgets import QMessageBox

    text = window.findChild(QMessageBox, "problemDialog").text()
    assert text == ts_translation("DivergenceText", DIVERGENCE_SOURCE).format(
        step=len(window.history.cost) - 1, start=f"{window.history.cost[0]:.4g}",
        cost=f"{window.history.cost[-1]:.4g}",
        factor=f"{window.history.cost[-1] / window.history.cost[0]:,.0f}")
    assert not english_words(text), text


DIVERGENCE_SOURCE = (
    "Training diverged at step {step}: the cost grew from {start} to {cost} ({factor} times "
    "larger). Each step overshoots the minimum further, so the weights keep growing.\n\n"
    "Lower the learning rate (try a tenth of it), then press Resume to go on from here, or "
    "Reset to start again.")


def test_a_chinese_screenshot_reports_a_divergence_in_one_english_line(
        qapp, tmp_path, capsys, english_after):
    import main as lab

    out = tmp_path / "out.png"
    assert lab.main(["--screenshot", str(out), "--preset", "blobs", "--lr", "100",
                     "--iterations", "50", "--lang", "zh_CN"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "diverged" in line]
    assert len(lines) == 1 and lines[0].count("diverged") == 1, lines
    assert lines[0].startswith("logistic-regression-lab: Training diverged at step ")
    assert lines[0].endswith("Run again with a smaller --lr (try a tenth of it).")


def test_a_missing_cjk_font_is_said_once_with_how_to_install_one(make_window, qtbot,
                                                                 monkeypatch, english_after):
    from gui import i18n
    from gui.i18n import Language

    window = make_window(SPLIT)
    notice = window.status.fontNoticeLabel
    window.view.set_language(Language.ZH_CN)
    assert notice.isHidden() == i18n.has_cjk_font()  # .ci/run installs fonts-noto-cjk
    window.view.set_language(Language.EN)
    assert notice.isHidden()
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    window.view.set_language(Language.ZH_CN)
    assert not notice.isHidden() and "fonts-noto-cjk" in notice.toolTip()
    assert "fonts-noto-cjk" in window.statusBar().currentMessage()
    window.view.set_language(Language.EN)
    assert notice.isHidden()
    window.statusBar().clearMessage()
    window.view.set_language(Language.ZH_CN)
    assert not notice.isHidden() and window.statusBar().currentMessage() == ""  # once


def test_drawn_sample_note_and_focus_titles_are_translated(qapp, english_after):
    from gui.i18n import Language, set_language
    from gui.panel_layout import Focus
    from gui.plots.uniform_scatter import drawn_note

    assert drawn_note(1_000_000) == " (20 000 of 1 000 000 drawn)"
    set_language(Language.ZH_CN)
    assert drawn_note(1_000_000) == "（1 000 000 个中显示了 20 000 个）"
    assert Focus.COST.shown_title == "损失" and Focus.COST.title == "Cost"


def test_a_weights_picture_keeps_its_pixel_ticks_through_resizes_and_font_changes(qtbot):
    """Found by the language switch above: the name axis cleared every tick of the bottom
    axis whenever it was resized or restyled, the picture's pixel numbers included."""
    from gui.plots import WeightsPlot
    from gui.theme import theme_by_name

    plot = WeightsPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    plot.set_weights(np.linspace(-1, 1, 64), 0.0)  # an 8 x 8 picture
    ticks = plot.getAxis("bottom")._tickLevels
    assert ticks and [text for _, text in ticks[0]][:2] == ["0", "2"]
    plot.resize(400, 500)
    plot.apply_theme(theme_by_name("presentation", 2.0))
    assert plot.getAxis("bottom")._tickLevels == ticks


def test_start_in_language_follows_lang_then_last_choice_then_system(qapp, monkeypatch,
                                                                      capsys, english_after):
    from gui import i18n
    from gui.i18n import Language, start_in_language
    from gui.view_settings import ViewSettings

    monkeypatch.setattr(i18n, "system_language", lambda: Language.ZH_CN)
    assert start_in_language() is Language.ZH_CN is i18n.current_language()
    ViewSettings().language = Language.EN
    assert start_in_language() is Language.EN
    assert start_in_language("zh_CN") is Language.ZH_CN
    assert start_in_language(screenshot=True) is Language.EN  # neither the system nor last
    assert start_in_language("zh_CN", screenshot=True) is Language.ZH_CN
    monkeypatch.setattr(i18n, "translations_folder", lambda: "/nonexistent")
    assert start_in_language("zh_CN") is Language.EN is i18n.current_language()
    assert "lrlab_zh_CN.qm" in capsys.readouterr().err


def test_the_language_menu_switches_and_ticks_the_language_spoken(make_window, qtbot,
                                                                  english_after):
    from gui.i18n import Language, current_language
    from gui.language_menu import LanguageMenu
    from gui.view_settings import ViewSettings

    window = make_window(SPLIT)
    menu = LanguageMenu(window, window.actions)  # gui/menus.py adds it to View
    assert [action.text() for action in menu.actions()] == ["English", "简体中文"]
    assert window.actions["language_en"].isChecked() and menu.title() == "Language"
    window.actions["language_zh_CN"].trigger()
    assert current_language() is Language.ZH_CN and ViewSettings().language is Language.ZH_CN
    qtbot.waitUntil(lambda: menu.title() == "语言", timeout=5000)
    window.view.set_language(Language.EN)
    assert window.actions["language_en"].isChecked()
    assert not window.actions["language_zh_CN"].isChecked()
    qtbot.waitUntil(lambda: menu.title() == "Language", timeout=5000)


def test_a_small_weights_picture_at_big_fonts_has_pixel_numbers_that_do_not_touch(qtbot):
    """Seen on the 2x presentation screenshots (in both languages): five numbers under a
    28 x 28 picture a hundred pixels wide ran together ("07142127")."""
    from PySide6.QtGui import QFontMetricsF

    from gui.plots import WeightsPlot
    from gui.plots.themed_plot import font
    from gui.theme import theme_by_name

    plot = WeightsPlot(theme=theme_by_name("presentation", 2.0))
    qtbot.addWidget(plot)
    plot.resize(520, 420)
    plot.show()
    plot.set_weights(np.linspace(-1, 1, 784), 0.0)
    qtbot.waitUntil(lambda: plot.plotItem.vb.width() > 0)
    vb = plot.plotItem.vb
    metrics = QFontMetricsF(font(plot.theme().tick_pt))
    ticks = plot.getAxis("bottom")._tickLevels[0]
    assert 2 <= len(ticks) < 5
    pixels_per_unit = 1.0 / abs(vb.viewPixelSize()[0])
    for (a, text_a), (b, text_b) in pairwise(ticks):
        gap = (b - a) * pixels_per_unit
        assert gap >= (metrics.horizontalAdvance(text_a) + metrics.horizontalAdvance(text_b)) / 2
    plot.apply_theme(theme_by_name("default", 1.0))
    plot.resize(900, 800)
    qtbot.waitUntil(lambda: len(plot.getAxis("bottom")._tickLevels[0]) == 5)  # room for all


def test_a_ready_lesson_opened_in_chinese_shows_its_translated_note_and_locks(
        make_window, qtbot, english_after):
    """Lessons > Divergence in Chinese: the menu's title, the note's title and text and the
    locks' reason are the .ts's translations; the locks' tooltips say why in Chinese, the menu's
    File > Open data file too (a change of language keeps its lock tip); a folded note stays
    folded through a switch, and English comes back word for word."""
    from PySide6.QtWidgets import QApplication

    from core.ready_lessons import load_ready_lesson
    from gui.i18n import Language

    window = make_window(TrainingConfig(samples=60, features=16, iterations=20, device="cpu"))
    lesson = load_ready_lesson("divergence")
    window.view.set_language(Language.ZH_CN)
    action = window.actions["lesson_divergence"]
    qtbot.waitUntil(lambda: action.text() == ts_translation("Lesson", lesson.title),
                    timeout=5000)
    action.trigger()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.config.lr == 100.0,
                    timeout=WAIT_MS)
    note = window.lesson_note
    reason = ts_translation("Lesson", lesson.locked_reason)
    assert note.title() == ts_translation("Lesson", lesson.title)
    assert note.text.text() == ts_translation("Lesson", lesson.text)
    assert note.locks.text() == f"本练习锁定了：除学习率以外的所有设置。原因：{reason}。"
    assert window.controls.l2Input.toolTip().startswith(f"已被本练习锁定：{reason}\n")
    open_data = window.actions["open_data"]
    assert not open_data.isEnabled() and open_data.toolTip() == f"已被本练习锁定：{reason}"
    assert not untranslated(window)
    note.set_expanded(False)
    window.view.set_language(Language.EN)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: note.title() == lesson.title, timeout=5000)
    assert not note.is_expanded() and note.text.text() == lesson.text
    assert note.locks.text() == ("Locked by this exercise: every setting but Learning rate. "
                                 f"Why: {lesson.locked_reason}.")
    assert open_data.toolTip() == f"Locked by this exercise: {lesson.locked_reason}"
    assert action.text() == lesson.title


def test_a_users_own_lesson_text_is_shown_as_written(make_window, qtbot, english_after):
    """A lesson file that is not bundled has no entry: the note shows it as it was written."""
    from core.lesson_file import Lesson
    from gui.i18n import Language

    window = make_window(TrainingConfig(samples=60, features=16, iterations=20, device="cpu"))
    window.view.set_language(Language.ZH_CN)
    mine = Lesson(config=window.config, history={}, pins=[], markers=[], embedded_data=None,
                  settings={}, title="My own lesson", text="Watch the cost.",
                  locked=("lr",), locked_reason="we study the data")
    window.guide.show(mine, "mine")
    assert window.lesson_note.title() == "My own lesson"
    assert window.lesson_note.text.text() == "Watch the cost."
    assert window.lesson_note.locks.text() == "本练习锁定了：学习率。原因：we study the data。"


# ----- the command line ---------------------------------------------------------------------

def test_the_command_lines_languages_are_the_windows():
    from core.cli import LANGUAGES
    from gui.i18n import Language

    assert LANGUAGES == tuple(language.value for language in Language)


@pytest.mark.parametrize("code", ["xx", "zh", "", "ZH_CN"])
def test_a_language_the_window_does_not_speak_is_refused_in_one_line(capsys, code):
    import main as lab

    for mode in ([], ["--headless", "--iterations", "3"]):
        assert lab.main([*mode, "--lang", code]) == 2
        captured = capsys.readouterr()
        lines = [line for line in captured.err.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in captured.err, lines
        assert lines[0].startswith("logistic-regression-lab: error: --lang ")
        assert "en, zh_CN" in lines[0] and "iter " not in captured.out


def shot_texts(monkeypatch, tmp_path, *options: str) -> dict:
    """Run `--screenshot` in-process with `options`; what the window showed when saved."""
    import gui.export
    import main as lab

    seen = {}
    real_export = gui.export.export_png

    def spy(widget, path, scale=1.0, caption=None):
        window = widget.window()
        seen.update(title=window.windowTitle(), state=window.status.stateLabel.text(),
                    menus=[action.text() for action in window.menuBar().actions()])
        return real_export(widget, path, scale, caption)

    monkeypatch.setattr(gui.export, "export_png", spy)
    out = tmp_path / "shot.png"
    assert lab.main(["--screenshot", str(out), "--preset", "blobs", "--iterations", "5",
                     *options]) == 0
    assert out.is_file()
    return seen


def test_lang_chooses_the_screenshots_language_and_english_is_its_default(
        qapp, monkeypatch, tmp_path, english_after):
    from gui import i18n
    from gui.i18n import Language

    monkeypatch.setattr(i18n, "system_language", lambda: Language.ZH_CN)
    chinese = shot_texts(monkeypatch, tmp_path, "--lang", "zh_CN")
    assert chinese == {"title": ts_translation("MainWindow", "Logistic Regression Lab"),
                       "state": ts_translation("RunStatusBar", "Finished"),
                       "menus": ["文件(&F)", "课程(&L)", "运行(&R)", "视图(&V)", "帮助(&H)"]}
    english = shot_texts(monkeypatch, tmp_path)  # neither the system's nor the last language
    assert english == {"title": "Logistic Regression Lab", "state": "Finished",
                       "menus": ["&File", "&Lessons", "&Run", "&View", "&Help"]}


def test_a_refused_lesson_is_reported_in_english_by_a_chinese_screenshot(
        qapp, tmp_path, capsys, english_after):
    import main as lab

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = tmp_path / "out.png"
    assert lab.main(["--open", str(bad), "--screenshot", str(out), "--lang", "zh_CN"]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "This lesson cannot be opened" in lines[0], lines
    assert "bad.json" in lines[0] and not out.exists()


# ----- texts built from numbers -------------------------------------------------------------

def test_the_animation_summary_is_cores_description_in_english_and_chinese_in_chinese(
        qapp, english_after):
    from core.animation import RecordingPlan, describe
    from gui.animation_dialog import describe_shown
    from gui.animation_recorder import RecorderError, shown_problem
    from gui.i18n import Language, set_language

    plan = RecordingPlan(fps=15, frames=150, first_step=0, last_step=12_000)
    refusal = RecorderError("the run has taken {taken} steps; the animation asks for step "
                            "{asked}", taken="1,000", asked="2,000")
    assert describe_shown(plan) == describe(plan) == (
        "150 frames, 10 s at 15 frames/s, steps 0 to 12,000")
    assert shown_problem(refusal) == str(refusal)
    set_language(Language.ZH_CN)
    assert describe_shown(plan) == "150 帧，10 秒，每秒 15 帧，第 0 步到第 12,000 步"
    assert shown_problem(refusal) == "运行只走了 1,000 步，动画却要求显示第 2,000 步"
    assert str(refusal) == "the run has taken 1,000 steps; the animation asks for step 2,000"


# ----- the layout holds in Chinese ----------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_prediction_hints_never_sit_on_a_row_of_samples(qtbot, english_after, language):
    """Seen on the 2x Chinese screenshot of the 'templates' lesson: in a short samples panel
    "预测为 1 →" (taller than its English, as Chinese lines are) covered the class-0 row. A
    hint is shown only clear of both rows and their rings (twice the symbol size wide)."""
    from PySide6.QtCore import QPointF

    from gui.i18n import parse_language, set_language
    from gui.plots import SamplesPlot
    from gui.theme import theme_by_name
    from tests.plot_fixtures import redraw, show

    set_language(parse_language(language))
    theme = theme_by_name("default", 2.0)
    for height in (160, 220, 300, 600):
        plot = show(qtbot, SamplesPlot(theme=theme), 900, height)
        plot.set_samples(np.linspace(-3, 3, 200), np.arange(200) % 2)
        redraw(plot)
        vb = plot.getPlotItem().vb
        rows = [vb.mapViewToScene(QPointF(0.0, y)).y() for y in (0.0, 1.0)]
        for hint in plot._hints:
            if not hint.isVisible():
                continue
            text = hint.mapRectToScene(hint.boundingRect())
            for row in rows:
                assert not (text.top() < row + theme.symbol_size
                            and row - theme.symbol_size < text.bottom()), (height, row, text)
        if height == 600:
            assert all(hint.isVisible() for hint in plot._hints)  # room: not simply gone


def test_a_shrunk_legend_holds_to_its_text(qtbot, english_after):
    """Seen on the same screenshot: shrunk to fit a short cost plot, the legend kept the height
    of its larger text, so three small entries were spread over a tall box."""
    from gui.i18n import Language, set_language
    from gui.plots import LossPlot
    from gui.theme import theme_by_name
    from tests.plot_fixtures import redraw, show

    set_language(Language.ZH_CN)
    plot = show(qtbot, LossPlot(theme=theme_by_name("default", 2.0)), 900, 700)
    steps = np.arange(50)
    plot.set_history(steps, np.exp(-steps / 10.0), np.exp(-steps / 12.0))
    redraw(plot)
    legend = plot._legends[0]
    tall = legend.boundingRect().height()
    plot.resize(900, 330)
    redraw(plot)
    assert legend.isVisible() and legend.opts["labelTextSize"] != "20.0pt"  # it shrank
    assert legend.boundingRect().height() <= legend.layout.preferredHeight() + 1 < tall
