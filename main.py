"""Logistic Regression Lab: `python main.py` opens the window, `--headless` trains without one."""

from __future__ import annotations

import multiprocessing
import os
import sys

from core.cli import (
    build_parser,
    check_language,
    check_paths,
    check_ready_lesson,
    check_threshold,
    config_from_args,
    with_negative_values,
)
from core.errors import UserError  # what the user asked for: exit 2 with the message
from core.lesson_overrides import lesson_override_note


def main(argv: list[str] | None = None) -> int:
    """Run the lab; with `argv` None (the process's own command line) the process then leaves
    at once (see `leave`), so a closed window is not followed by seconds of teardown."""
    status = run(argv)
    if argv is None:
        leave(status)
    return status


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    words = with_negative_values(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(words)
    data = None
    try:
        check_paths(args)  # before any data is read: a bad output path must not cost a run
        check_ready_lesson(args)
        check_language(args)
        check_threshold(args)
        if note := lesson_override_note(words, args):  # the run goes on, with the lesson's
            print(note, file=sys.stderr)
        if args.headless:
            from core.headless import run_headless

            return run_headless(args)
        config = config_from_args(args)
        if args.data:  # refused here, before a window opens (numpy only: no torch yet)
            from core.datasets import load_data_file

            data = load_data_file(args.data)  # remembered: the window's worker reuses it
    except UserError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"{parser.prog}: error: not enough memory for this run; choose fewer samples "
              "or features, or a smaller data file", file=sys.stderr)
        return 2
    from gui.app import run_app

    del data  # the loader keeps it for the worker; no second reference needed here
    return run_app(config, args, options_given=len(sys.argv if argv is None else argv) > 1)


def leave(status: int) -> None:
    """End the process now: flush what was printed, then os._exit, which skips the
    interpreter's teardown (garbage-collecting torch and Qt objects took 3.7-6.2 s after the
    window closed). Everything that must be kept (settings synced, PNG, report) is written
    before this point; a worker thread still importing torch ends with the process instead of
    being waited for (a QThread destroyed while running would abort, one never destroyed
    cannot)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said anyway
            pass
    os._exit(status)


if __name__ == "__main__":
    # The window trains in a spawned child process (core/session_process.py): in a frozen
    # build (PyInstaller and the like) the child starts this executable, which must then run
    # the child's code, not a second window. A no-op when not frozen.
    multiprocessing.freeze_support()
    main()
