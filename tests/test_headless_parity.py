"""`--headless --open LESSON.json` brings back the run a window saved, bit for bit."""

from __future__ import annotations

import json

import numpy as np
import pytest

import main as lab
from core.config import TrainingConfig
from core.lesson_file import REPLAY_SETTING, LessonFileError, replay_ends
from core.session import RunState

WAIT_MS = 60000
# N < 2D: the window trains in sample space (the Gram stepper), whose last bits depend on where
# its chunks end; float64 so that any difference shows.
GRAM = TrainingConfig(samples=60, features=100, lr=0.3, iterations=6000, device="cpu",
                      dtype="float64")


def test_headless_open_reports_the_final_cost_of_the_window_that_saved_it(
        make_window, qtbot, tmp_path):
    window = make_window(GRAM)
    window.controls.startButton.click()  # at max speed: chunks follow the clock
    qtbot.waitUntil(lambda: window.latest_batch.step >= 2000, timeout=WAIT_MS)
    window.controls.learningRateInput.setValue(0.05)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        pass
    assert window.engine_info.method == "gram" and window.state is RunState.FINISHED
    engine = window._worker._session.engine  # idle now: safe to read from this thread
    window_cost = engine.current_cost()
    lesson = tmp_path / "gram.json"
    assert window.files.save_lesson(str(lesson))
    ends = replay_ends(json.loads(lesson.read_text())["settings"])
    assert ends[-1] == 6000 and len(set(np.diff(ends))) > 1

    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--open", str(lesson), "--report", str(report),
                     "--print-every", "100000"]) == 0
    assert json.loads(report.read_text())["final_cost"] == window_cost  # bit for bit


@pytest.mark.parametrize("ends", ['"x"', "[0, 5]", "[5, 5]", "[9, 3]", '["a"]', "{}",
                                  "[1e400]", "null"])
def test_a_damaged_record_of_chunk_ends_is_refused(ends):
    record = json.dumps({"start": {}, "changes": [], "ends": json.loads(ends)})
    with pytest.raises(LessonFileError, match="chunk ends"):
        replay_ends({REPLAY_SETTING: record})


def test_headless_open_of_a_lesson_with_damaged_chunk_ends_exits_2_naming_it(
        make_window, tmp_path, capsys):
    window = make_window(GRAM.replace(iterations=20))
    lesson = tmp_path / "lesson.json"
    assert window.files.save_lesson(str(lesson))
    data = json.loads(lesson.read_text())
    record = json.loads(data["settings"][REPLAY_SETTING])
    record["ends"] = [7, 3]
    data["settings"][REPLAY_SETTING] = json.dumps(record)
    lesson.write_text(json.dumps(data))
    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--open", str(lesson), "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert "lesson.json" in err and "chunk ends" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and not report.exists()
