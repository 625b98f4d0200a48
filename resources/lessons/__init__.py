"""Ready lessons (lesson files with a title and a lesson text), opened by name from the
Lessons menu or `--lesson NAME` (core/ready_lessons.py)."""
