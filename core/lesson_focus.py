"""A lesson's focus: the plot panels it is about, the first it needs. At big fonts the window
has room for two panels, or one (gui/panel_layout.py), and without a focus those were always
the samples and the cost: "What the weights learn" hid the weights. No Qt."""

from __future__ import annotations

from enum import Enum

# Lesson.settings key: the panels a lesson needs, most needed first, as their slot names
# separated by commas (settings hold scalars only), e.g. "model, predictions".
FOCUS_SETTING = "focus"


class LessonPanel(Enum):
    """A slot of the plot area; "model" holds the weights, the decision boundary and their
    tabs (which tab a lesson opens with is its `model_view` setting)."""

    SAMPLES = "samples"
    SIGMOID = "sigmoid"
    COST = "cost"
    ACCURACY = "accuracy"
    MODEL = "model"
    PREDICTIONS = "predictions"


def parse_focus(value: object) -> tuple[LessonPanel, ...]:
    """The panels a focus setting names, in its order; ValueError, in one line naming the
    panels there are, for anything else (an empty text is no focus)."""
    names = [name.strip() for name in value.split(",")] if isinstance(value, str) else None
    choices = ", ".join(panel.value for panel in LessonPanel)
    if names is None:
        raise ValueError(f"the panels a lesson needs must be text naming some of: {choices} "
                         f"(e.g. \"model, predictions\"), got {value!r}")
    if names == [""]:
        return ()
    known = {panel.value: panel for panel in LessonPanel}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"no panel {unknown[0]!r}; name some of: {choices}, separated by commas")
    if len(set(names)) < len(names):
        raise ValueError(f"{value!r} names a panel twice")
    return tuple(known[name] for name in names)


def lesson_focus(settings: dict) -> tuple[LessonPanel, ...]:
    """The focus of a lesson's settings (already checked when its file was read): () if none."""
    return parse_focus(settings.get(FOCUS_SETTING, ""))


def focus_setting(panels: tuple[LessonPanel, ...]) -> str:
    """The setting's text for `panels` (saving a lesson keeps its focus)."""
    return ", ".join(panel.value for panel in panels)
