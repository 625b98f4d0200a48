"""Animated exports (docs/ARCHITECTURE.md §12): the frame steps, the files of each format read
back with Pillow (frame count, size, format, durations), the first and last frames equal to
`--screenshot --at-step` of their steps, the seed run's GIF size budget, bad options refused by
name with no file written, and the window's dialog with its progress bar and Cancel."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

import core.animation as animation
import main as lab
from core.animation import AnimationError, AnimationWriter, RecordingPlan
from core.config import TrainingConfig
from tests.conftest import WINDOW_WAIT_MS, train_to_end
from tests.test_cli_inputs import refused

BLOBS = ["--preset", "blobs", "--iterations", "600", "--device", "cpu"]


def read_frames(path) -> tuple[Image.Image, list[np.ndarray], list[float]]:
    """The file as Pillow opens it, every frame as RGB, and each frame's duration in ms."""
    image = Image.open(path)
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        frames.append(np.asarray(frame.convert("RGB")).astype(int))
        durations.append(frame.info["duration"])
    image.seek(0)
    return image, frames, durations


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# ----- frame steps -------------------------------------------------------------------------


def test_frames_are_spaced_evenly_over_the_steps_and_held_where_steps_are_fewer():
    plan = RecordingPlan(fps=15, frames=150, first_step=0, last_step=10_001)
    expected = [math.floor(i * 10_001 / 149 + 0.5) for i in range(150)]
    assert plan.frame_steps() == expected
    assert [count for _, count in plan.held_steps()] == [1] * 150
    slow = RecordingPlan(fps=10, frames=30, first_step=20, last_step=30)
    held = slow.held_steps()
    assert [step for step, _ in held] == list(range(20, 31))  # every step, in order
    assert sum(count for _, count in held) == 30
    assert max(count for _, count in held) - min(count for _, count in held) <= 1


@pytest.mark.parametrize("values, words", [
    ({"fps": 0}, "frame rate"), ({"fps": 51}, "frame rate"), ({"frames": 1}, "frames"),
    ({"first_step": 5, "last_step": 5}, "steps"), ({"first_step": -1}, "steps"),
])
def test_a_plan_refuses_what_makes_no_animation(values, words):
    with pytest.raises(AnimationError, match=words):
        RecordingPlan(**{"fps": 10, "frames": 20, "first_step": 0, "last_step": 100, **values})


# ----- the files, from synthetic frames ------------------------------------------------------


def synthetic_frames() -> list[np.ndarray]:
    """Seven 120 x 160 frames: a bar moving, a box changing colour, a gradient (many colours,
    so that a GIF has to choose its palette), the third frame twice."""
    frames = []
    gradient = np.linspace(0, 255, 160).astype(np.uint8)
    for i in range(6):
        frame = np.full((120, 160, 3), 250, np.uint8)
        frame[10:30, 10 + 20 * i:30 + 20 * i] = (200, 30, 30)
        frame[60:90, 40:80] = (40 * i, 100, 255 - 40 * i)
        frame[100:110, :, 1] = gradient
        frames.append(frame)
    frames.insert(3, frames[2].copy())
    return frames


@pytest.mark.parametrize("suffix", [".gif", ".webp", ".png"])
def test_each_format_reads_back_with_its_frames_size_and_durations(tmp_path, suffix):
    frames = synthetic_frames()
    path = tmp_path / f"a{suffix}"
    writer = AnimationWriter(path, fps=4)
    for frame in frames:
        writer.add(frame)
    assert writer.close() == path
    image, read, durations = read_frames(path)
    assert image.format == {".gif": "GIF", ".webp": "WEBP", ".png": "PNG"}[suffix]
    assert image.size == (160, 120) and image.is_animated
    # The repeated frame is stored once, shown twice as long: 6 frames, 7 x 250 ms.
    assert len(read) == 6 == writer.frames_written
    assert durations == [250, 250, 500, 250, 250, 250]
    expected = frames[:3] + frames[4:]
    for got, want in zip(read, expected, strict=True):
        if suffix == ".gif":  # 255 colours a frame: the gradient's steps may move a little
            assert np.abs(got - want).max() <= 8
            assert np.array_equal(got[:100], want[:100])  # flat colours exactly
        else:  # lossless
            assert np.array_equal(got, want)
    assert leftovers(tmp_path) == [path.name]
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_gif_durations_add_up_to_the_length_in_hundredths(tmp_path):
    """15 frames/s is 66.7 ms a frame, which a GIF cannot store: 70 and 60 alternate so that
    the whole lasts exactly frames / fps."""
    path = tmp_path / "a.gif"
    writer = AnimationWriter(path, fps=15)
    for i in range(15):
        frame = np.zeros((20, 30, 3), np.uint8)
        frame[:, i] = 255
        writer.add(frame)
    writer.close()
    durations = read_frames(path)[2]
    assert sum(durations) == 1000 and set(durations) == {60, 70}


def test_a_discarded_export_leaves_no_file_and_the_old_one_untouched(tmp_path):
    old = tmp_path / "a.gif"
    old.write_bytes(b"the previous export")
    writer = AnimationWriter(old, fps=5)
    writer.add(synthetic_frames()[0])
    writer.discard()
    assert leftovers(tmp_path) == ["a.gif"] and old.read_bytes() == b"the previous export"


def test_mp4_without_ffmpeg_is_refused_before_a_file_exists(tmp_path, monkeypatch):
    monkeypatch.setattr(animation, "ffmpeg_executable", lambda: None)
    with pytest.raises(AnimationError, match="ffmpeg"):
        AnimationWriter(tmp_path / "a.mp4", fps=5)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(animation.ffmpeg_executable() is None, reason="no ffmpeg installed "
                    "(imageio-ffmpeg or an ffmpeg on PATH)")
def test_mp4_with_ffmpeg_has_a_video_of_the_frames(tmp_path):
    import subprocess

    path = tmp_path / "a.mp4"
    writer = AnimationWriter(path, fps=4)
    for frame in synthetic_frames():
        writer.add(frame)
    writer.close()
    assert path.read_bytes()[4:8] == b"ftyp"
    probe = subprocess.run([animation.ffmpeg_executable(), "-i", str(path), "-map", "0:v",
                            "-c", "copy", "-f", "null", "-"], capture_output=True, text=True)
    assert "Video: h264" in probe.stderr and "160x120" in probe.stderr


# ----- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("extra, words", [
    (["--record-fps", "0"], ["--record-fps", "between 1 and 50"]),
    (["--record-fps", "60"], ["--record-fps"]),
    (["--record-seconds", "0"], ["--record-seconds"]),
    (["--record-frames", "1"], ["--record-frames"]),
    (["--record-frames", "20", "--record-seconds", "2"], ["--record-frames", "not both"]),
    (["--record-steps", "0:601"], ["--record-steps", "600"]),
    (["--record-steps", "300:200"], ["--record-steps"]),
    (["--record-steps", "5"], ["--record-steps", "FIRST:LAST"]),
    (["--record-steps", "a:b"], ["--record-steps"]),
    (["--screenshot", "OUT.png"], ["--record", "--screenshot"]),
    (["--headless"], ["--record", "--headless"]),
])
def test_bad_record_options_are_refused_by_name_and_write_nothing(tmp_path, capsys, extra,
                                                                  words):
    target = tmp_path / "a.gif"
    extra = [str(tmp_path / "b.png") if word == "OUT.png" else word for word in extra]
    refused(capsys, ["--record", str(target), *BLOBS, *extra], *words)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name, words", [
    ("a.jpg", ["--record", "a.jpg", ".gif, .webp, .png", ".jpg"]),
    ("missing/a.gif", ["--record", "does not exist"]),
    ("", ["--record", "empty"]),
])
def test_a_record_path_that_cannot_be_used_is_refused(tmp_path, capsys, name, words):
    path = str(tmp_path / name) if name else ""
    refused(capsys, ["--record", path, *BLOBS], *words)
    assert leftovers(tmp_path) == []


def test_a_record_folder_that_cannot_be_written_is_refused(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: (
        False if Path(path) == locked else real_access(path, mode)))
    refused(capsys, ["--record", str(locked / "a.gif"), *BLOBS], "--record",
            "permission denied")
    assert leftovers(locked) == []


def test_an_mp4_without_ffmpeg_is_refused_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(animation, "ffmpeg_executable", lambda: None)
    refused(capsys, ["--record", str(tmp_path / "a.mp4"), *BLOBS], "--record", "ffmpeg",
            ".gif")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("option, value", [("--record-fps", "10"), ("--record-steps", "0:5"),
                                           ("--record-frames", "10"),
                                           ("--record-seconds", "3")])
def test_record_options_need_record(capsys, option, value):
    refused(capsys, [option, value, *BLOBS], option, "--record only")


# ----- frames rendered from the timeline ------------------------------------------------------


@pytest.fixture(scope="module")
def screenshots(qapp, tmp_path_factory):
    """`--screenshot --at-step 50` and `--screenshot` (the last step, 600) of the samples."""
    folder = tmp_path_factory.mktemp("screenshots")
    shots = {50: folder / "at50.png", 600: folder / "at600.png"}
    assert lab.run(["--screenshot", str(shots[50]), "--at-step", "50", "--panel",
                    "samplesPlot", *BLOBS]) == 0
    assert lab.run(["--screenshot", str(shots[600]), "--panel", "samplesPlot", *BLOBS]) == 0
    return {step: np.asarray(Image.open(path).convert("RGB")).astype(int)
            for step, path in shots.items()}


@pytest.mark.parametrize("suffix", [".png", ".webp", ".gif"])
def test_first_and_last_frames_are_the_screenshots_at_those_steps(qapp, tmp_path, capsys,
                                                                   screenshots, suffix):
    path = tmp_path / f"samples{suffix}"
    assert lab.run(["--record", str(path), "--record-steps", "50:600", "--record-frames", "5",
                    "--record-fps", "5", "--panel", "samplesPlot", *BLOBS]) == 0
    assert f"wrote {path}: 5 frames" in capsys.readouterr().out
    image, frames, durations = read_frames(path)
    assert image.format == {".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}[suffix]
    assert len(frames) == 5 and sum(durations) == 1000
    height, width = screenshots[50].shape[:2]
    assert image.size == (width, height)
    for frame, step in ((frames[0], 50), (frames[-1], 600)):
        difference = np.abs(frame - screenshots[step]).max(axis=2)
        if suffix == ".gif":
            # 255 colours a frame: anti-aliased edges move to the nearest palette colour.
            assert np.mean(difference == 0) > 0.99 and difference.max() <= 48
        else:
            assert difference.max() == 0, f"step {step}: {np.count_nonzero(difference)} px"
    assert not np.array_equal(frames[0], frames[-1])
    assert leftovers(tmp_path) == [path.name]


def test_a_ten_second_gif_of_the_seed_run_fits_in_8_mb(qapp, tmp_path, capsys):
    """The issue's budget for slides: the whole window at 1x, 15 frames/s for 10 s."""
    path = tmp_path / "seed.gif"
    assert lab.run(["--record", str(path), "--device", "cpu"]) == 0
    image, frames, durations = read_frames(path)
    assert image.size == (1600, 1000)
    # The status bar's step changes with every frame: none is merged away.
    assert len(frames) == 150 and sum(durations) == 10_000
    assert path.stat().st_size <= 8 * 1024 * 1024, path.stat().st_size


# ----- the window's dialog ---------------------------------------------------------------------


def finished_window(make_window, qtbot):
    window = make_window(TrainingConfig(dataset="blobs", iterations=300, device="cpu"))
    train_to_end(window, qtbot)
    return window


def open_dialog(window):
    window.actions["export_animation"].trigger()
    dialog = window.findChild(object, "animationDialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    return dialog


def test_the_dialog_exports_with_progress_and_cancel_leaves_no_file(make_window, qtbot,
                                                                     tmp_path):
    tmp_path = tmp_path / "exports"  # tmp_path itself holds the test's settings store
    tmp_path.mkdir()
    window = finished_window(make_window, qtbot)
    dialog = open_dialog(window)
    assert dialog.lastStepInput.value() == 300 and dialog.exportButton.isEnabled()
    dialog.choose_target("lossPlot")
    dialog.fpsInput.setValue(5)
    dialog.secondsInput.setValue(4.0)
    assert dialog.summaryLabel.text() == "20 frames, 4 s at 5 frames/s, steps 0 to 300"
    path = tmp_path / "loss.webp"
    recorder = dialog.export_to(str(path))
    assert recorder is not None and dialog.progressBar.isVisible()
    qtbot.waitUntil(lambda: dialog.progressBar.value() >= 2, timeout=WINDOW_WAIT_MS)
    dialog.cancelButton.click()
    assert recorder.state.value == "cancelled"
    assert leftovers(tmp_path) == []
    qtbot.waitUntil(lambda: not window.scrubber.rewound(), timeout=WINDOW_WAIT_MS)
    # Again, to the end.
    dialog.firstStepInput.setValue(100)
    recorder = dialog.export_to(str(path))
    qtbot.waitUntil(lambda: recorder.state.value == "finished", timeout=WINDOW_WAIT_MS)
    image, frames, durations = read_frames(path)
    assert len(frames) == 20 and sum(durations) == 4000
    assert image.size == (window.lossPlot.width(), window.lossPlot.height())
    assert not dialog.isVisible() and "Saved the animation" in \
        window.statusBar().currentMessage()
    # The window shows the step it showed before: the latest.
    qtbot.waitUntil(lambda: not window.scrubber.rewound(), timeout=WINDOW_WAIT_MS)
    assert window.scrubber.shown_step() == 300


def test_a_run_reset_while_rendering_stops_the_export_without_a_file(make_window, qtbot,
                                                                     tmp_path):
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    window = finished_window(make_window, qtbot)
    dialog = open_dialog(window)
    dialog.secondsInput.setValue(10.0)
    recorder = dialog.export_to(str(tmp_path / "a.gif"))
    qtbot.waitUntil(lambda: dialog.progressBar.value() >= 1, timeout=WINDOW_WAIT_MS)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: recorder.state.value == "failed", timeout=WINDOW_WAIT_MS)
    assert "nothing was saved" in dialog.summaryLabel.text()
    assert leftovers(tmp_path) == []


def test_the_dialog_says_why_a_run_not_yet_trained_cannot_be_exported(make_window, qtbot):
    window = make_window(TrainingConfig(dataset="blobs", iterations=300, device="cpu"))
    dialog = open_dialog(window)
    assert not dialog.exportButton.isEnabled()
    assert "Pause the run" in dialog.summaryLabel.text()
