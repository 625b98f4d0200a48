"""The window's translations: lrlab_<language>.ts (the source, edited with Qt Linguist or by
hand) and the compiled lrlab_<language>.qm that gui/i18n.py loads (update_translations.py
makes both; docs/ARCHITECTURE.md §14)."""
