"""The application icon: an SVG and its PNG sizes (make_icons.py), read as package data."""
