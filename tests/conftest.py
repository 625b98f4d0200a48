"""Shared fixtures: offscreen Qt, and a guard that fails any test leaving a QThread running."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
