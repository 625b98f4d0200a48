"""The ready lessons bundled in resources/lessons: lesson files (core/lesson_file.py) with a
title and a lesson text, opened by name from the Lessons menu or `--lesson NAME`. They are
package data, so they open from an installed wheel as well as from a checkout. No Qt, no
torch."""

from __future__ import annotations

from importlib import resources

from core.errors import UserError
from core.lesson_file import Lesson, LessonFileError, load_lesson

PACKAGE = "resources.lessons"
# In teaching order (the Lessons menu lists them so); tests/test_ready_lessons.py checks that
# this names exactly the folder's files.
READY_LESSONS = ("notebook", "templates", "overfitting", "regularisation", "divergence", "xor",
                 "xor-feature", "threshold")


class UnknownLessonError(UserError, ValueError):
    """`--lesson NAME` for a name that is not a ready lesson."""


def check_lesson_name(name: str) -> None:
    """UnknownLessonError, in one line that lists the names, unless `name` is a ready lesson."""
    if name not in READY_LESSONS:
        shown = name if name.strip() else repr(name)  # an empty name stays visible
        raise UnknownLessonError(f"--lesson {shown}: no such lesson; choose one of: "
                                 f"{', '.join(READY_LESSONS)}")


def load_ready_lesson(name: str) -> Lesson:
    """The ready lesson `name` (one of READY_LESSONS); a name that is not one raises
    UnknownLessonError listing them, a file that cannot be read LessonFileError."""
    check_lesson_name(name)
    try:
        # as_file: a real path even where the package is imported from a zip archive.
        with resources.as_file(resources.files(PACKAGE).joinpath(f"{name}.json")) as path:
            return load_lesson(path)
    except ModuleNotFoundError as error:
        raise LessonFileError(f"{name}.json: the bundled lessons cannot be found ({error}); "
                              "reinstall the app.") from None
