"""`python main.py --headless`: the notebook's printout, the JSON report, and exit status 2 with a
clear message (no traceback) for every kind of bad argument (docs/ARCHITECTURE.md §5)."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit

from core.config import TrainingConfig

ROOT = Path(__file__).resolve().parents[1]
ITER_LINE = re.compile(r"^iter +\d+, error \d+\.\d{6}$")
REPORT_FIELDS = {"final_cost", "train_accuracy", "val_accuracy", "iterations", "steps_per_second",
                 "device", "diverged", "config"}


def run_main(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def iter_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("iter")]


def test_seed_run_prints_like_the_notebook_and_reports(tmp_path):
    report_path = tmp_path / "report.json"
    done = run_main("--headless", "--iterations", "3001", "--print-every", "1000",
                    "--report", str(report_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = iter_lines(done.stdout)
    assert len(lines) == 4
    assert all(ITER_LINE.match(line) for line in lines), lines
    steps = [int(line.split()[1].rstrip(",")) for line in lines]
    errors = [float(line.rsplit(" ", 1)[1]) for line in lines]
    assert steps == [0, 1000, 2000, 3000]
    assert lines[0].startswith("iter     0, error ")  # '%5d' as the notebook prints it
    assert 15 < errors[0] < 25  # "near 19"
    assert errors[0] > errors[1] > errors[2] > errors[3] > 0.1

    report = json.loads(report_path.read_text())
    assert REPORT_FIELDS <= set(report)
    assert report["iterations"] == 3001
    assert report["diverged"] is False
    assert report["val_accuracy"] is None
    assert report["train_accuracy"] == 1.0
    assert report["device"] == "cpu"
    assert isinstance(report["steps_per_second"], float) and report["steps_per_second"] > 100
    # final_cost is after the last update, so just below the last printed (pre-update) error.
    assert 0.1 < report["final_cost"] <= errors[3] + 1e-6
    assert report["final_cost"] == pytest.approx(errors[3], abs=1e-3)
    config = TrainingConfig.from_dict(report["config"])
    assert (config.lr, config.l2, config.iterations, config.dataset) == (0.1, 0.01, 3001, "seed")
    assert (config.samples, config.features, config.val_fraction) == (400, 784, 0.0)


def test_held_out_split_reports_its_accuracy(tmp_path):
    report_path = tmp_path / "report.json"
    done = run_main("--headless", "--val-fraction", "0.25", "--iterations", "300",
                    "--print-every", "100", "--report", str(report_path))
    assert done.returncode == 0, done.stderr
    assert [ITER_LINE.match(line) is not None for line in iter_lines(done.stdout)] == [True] * 3
    assert "held-out accuracy" in done.stdout
    report = json.loads(report_path.read_text())
    assert report["config"]["val_fraction"] == 0.25
    # The seed's labels are random: held-out accuracy is a coin toss, training climbs.
    assert 0.3 < report["val_accuracy"] < 0.7
    assert report["train_accuracy"] > 0.9
    assert report["iterations"] == 300


def test_mini_batches_train_and_are_reported(tmp_path):
    report_path = tmp_path / "report.json"
    done = run_main("--headless", "--batch-size", "32", "--iterations", "2001",
                    "--print-every", "1000", "--report", str(report_path))
    assert done.returncode == 0, done.stderr
    assert len(iter_lines(done.stdout)) == 3
    report = json.loads(report_path.read_text())
    assert report["config"]["batch_size"] == 32 and report["iterations"] == 2001
    assert report["train_accuracy"] > 0.9  # 2 001 steps of 32 samples: 160 epochs


def test_divergence_exits_zero_and_is_reported(tmp_path):
    report_path = tmp_path / "report.json"
    done = run_main("--headless", "--lr", "1e4", "--iterations", "500", "--print-every", "100",
                    "--report", str(report_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "diverged" in done.stderr.lower()
    report = json.loads(report_path.read_text())
    assert report["diverged"] is True
    step = report["divergence_step"]
    assert isinstance(step, int) and 1 <= step < 500
    assert math.isfinite(report["last_finite_cost"])
    first = float(iter_lines(done.stdout)[0].split("error ")[1])  # the cost at step 0
    # At lr 1e4 the cost runs away at once (19.5 -> ~1.9e6): stopped at the step that passed
    # 1000 times the start, that step's update applied, the costs still finite.
    assert "grew" in done.stderr and report["last_finite_cost"] > 1000 * first
    assert report["iterations"] == step + 1 and math.isfinite(report["final_cost"])
    assert iter_lines(done.stdout)[0].startswith("iter     0, error ")


def numpy_run(X, y, w, b, lr, l2, steps):
    """The notebook's loop in numpy float64: the cost of the parameters before each update."""
    costs = []
    for _ in range(steps):
        z = X @ w + b
        costs.append(np.mean(np.logaddexp(0, z) - y * z) + l2 * w @ w)
        r = expit(z) - y
        w, b = w - lr * (X.T @ r / len(y) + 2 * l2 * w), b - lr * r.mean()
    return np.array(costs)


def test_the_divergence_lesson_says_which_step_each_cost_belongs_to(tmp_path):
    # A new-user trial read "the cost grew from 1.981 to 2755" then "final cost 4247.64": two
    # costs of two steps (the runaway's, and that of the weights kept after its update), with
    # advice to press buttons that a headless run does not have.
    from core.lesson import create_engine
    from core.ready_lessons import load_ready_lesson

    engine = create_engine(load_ready_lesson("divergence").config)
    X, y = engine.X.double().numpy(), engine.y.double().numpy()
    w0, b0 = engine.parameters()
    costs = numpy_run(X, y, np.asarray(w0, float), float(b0), 100.0, 0.01, 20)
    step = int(np.flatnonzero(costs > 1000 * max(costs[0], math.log(2)))[0])  # the runaway

    report_path = tmp_path / "report.json"
    done = run_main("--headless", "--lesson", "divergence", "--report", str(report_path))
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text())
    assert report["divergence_step"] == step and report["iterations"] == step + 1
    assert report["last_finite_cost"] == pytest.approx(costs[step], rel=1e-3)
    assert report["final_cost"] == pytest.approx(costs[step + 1], rel=1e-3)
    summary = done.stdout.splitlines()[-1]
    assert summary.startswith(f"final cost {report['final_cost']:.6f} at step {step + 1} "
                              f"(the run diverged at step {step}), ")
    message = [line for line in done.stderr.splitlines() if "diverged" in line]
    assert len(message) == 1
    assert (f"Training diverged at step {step}: the cost grew from {costs[0]:.4g} to "
            f"{costs[step]:.4g}") in message[0]
    assert "press" not in message[0].lower()
    assert message[0].endswith("The lesson sets the learning rate: open it in the window "
                               "(--lesson divergence, without --headless or --screenshot) and "
                               "lower it there.")


def test_a_screenshot_of_a_divergence_says_so_in_one_clean_line(tmp_path):
    # It printed "Training diverged: Training diverged at step 3 ... press Reset or Start".
    done = run_main("--lr", "1e4", "--iterations", "100", "--screenshot",
                    str(tmp_path / "x.png"), timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "diverged" in line.lower()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("logistic-regression-lab: Training diverged at step ")
    assert lines[0].count("diverged") == 1
    assert lines[0].endswith("Run again with a smaller --lr (try a tenth of it).")


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


BAD_ARGUMENTS = {
    "lr-negative": (["--lr", "-1"], "learning rate"),
    "lr-nan": (["--lr", "nan"], "learning rate"),
    "samples-zero": (["--samples", "0"], "samples"),
    "iterations-zero": (["--iterations", "0"], "iterations"),
    "val-fraction-2": (["--val-fraction", "2"], "validation fraction"),
    "device-tpu": (["--device", "tpu"], "--device"),
    "dtype-float16": (["--dtype", "float16"], "--dtype"),
    "preset-nope": (["--preset", "nope"], "--preset"),
    "data-missing": (["--data", "missing.csv"], "missing.csv"),
    "data-non-numeric": (["--data", "{tmp}/bad.csv"], "bad.csv"),
    "data-txt": (["--data", "{tmp}/data.txt"], "data.txt"),
    "device-cuda": (["--device", "cuda"], "CUDA"),
    "print-every-zero": (["--print-every", "0"], "--print-every"),
    "report-no-folder": (["--report", "{tmp}/no/such/folder/report.json"], "report"),
    "batch-size-negative": (["--batch-size", "-1"], "batch_size"),
    "batch-size-text": (["--batch-size", "half"], "--batch-size"),
}


def cuda_present() -> bool:
    import torch

    return torch.cuda.is_available()


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_bad_arguments_exit_2_with_a_message_and_no_traceback(case, tmp_path):
    write(tmp_path, "bad.csv", "x1,x2,label\n1.0,2.0,0\n3.0,abc,1\n")
    write(tmp_path, "data.txt", "1.0,2.0,0\n3.0,4.0,1\n")
    args, words = BAD_ARGUMENTS[case]
    args = [arg.format(tmp=tmp_path) for arg in args]
    # A later --iterations (the iterations-zero case) overrides the short default run.
    done = run_main("--headless", "--iterations", "20", *args)
    if case == "device-cuda" and cuda_present():
        # On a machine with a CUDA GPU the same request is valid and must train there.
        assert done.returncode == 0, done.stderr
        assert len(iter_lines(done.stdout)) == 1
        return
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("logistic-regression-lab: error: ")
    assert words.lower() in last.lower(), last
    assert not iter_lines(done.stdout)  # refused before any training


# argparse's own refusals (a wrong type, a choice, an unknown option): its message in one line,
# without the ~20-line usage block it printed first.
ARGPARSE_REFUSALS = {
    "lr-text": (["--lr", "abc"], "--lr"),
    "iterations-fraction": (["--iterations", "1.5"], "--iterations"),
    "preset-unknown": (["--preset", "nope"], "--preset"),
    "theme-unknown": (["--theme", "dark"], "--theme"),
    "scale-9": (["--scale", "9"], "--scale"),
    "font-scale-text": (["--font-scale", "abc"], "--font-scale"),
    "panel-unknown": (["--panel", "foo"], "--panel"),
    "device-unknown": (["--device", "tpu"], "--device"),
    "unknown-option": (["--bogus-option"], "--bogus-option"),
}


@pytest.mark.parametrize("output", ["--screenshot", "--report"])
@pytest.mark.parametrize("case", list(ARGPARSE_REFUSALS))
def test_argparse_refusals_are_one_line_naming_the_option(case, output, tmp_path):
    args, option = ARGPARSE_REFUSALS[case]
    target = tmp_path / ("out.png" if output == "--screenshot" else "r.json")
    mode = ["--headless"] if output == "--report" else []
    done = run_main(*mode, output, str(target), *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines  # no usage block before it
    assert lines[0].startswith("logistic-regression-lab: error: "), lines
    assert option in lines[0] and "see --help" in lines[0], lines
    assert not target.exists()
    assert not done.stdout


def test_help_still_prints_the_whole_help():
    done = run_main("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: logistic-regression-lab")
    assert "--font-scale" in done.stdout and "--lesson NAME" in done.stdout


# ---------------------------------------------------------------- options a lesson replaces


def lesson_notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("note: the lesson")]


def test_an_option_a_ready_lesson_replaces_is_named_and_the_run_goes_on(tmp_path):
    lesson = json.loads((ROOT / "resources" / "lessons" / "divergence.json").read_text())
    report = tmp_path / "r.json"
    done = run_main("--headless", "--lesson", "divergence", "--lr", "1", "--preset", "xor",
                    "--print-every", "100000", "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    expected = (f"note: the lesson 'divergence' sets --preset {lesson['config']['dataset']}, "
                f"--lr {lesson['config']['lr']:g}; your --preset xor, --lr 1 are not used")
    assert lesson_notes(done.stderr) == [expected]
    config = json.loads(report.read_text())["config"]
    assert (config["lr"], config["dataset"]) == (lesson["config"]["lr"],
                                                 lesson["config"]["dataset"])


@pytest.mark.parametrize("typed", [[], ["--lr", "100", "--seed", "0"]])
def test_defaults_and_values_equal_to_the_lessons_are_not_noted(typed):
    # The default lr (0.1) differs from the lesson's 100: only what was typed counts.
    done = run_main("--headless", "--lesson", "divergence", *typed, "--print-every", "100000")
    assert done.returncode == 0, done.stderr
    assert lesson_notes(done.stderr) == []
