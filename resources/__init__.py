"""Data the app ships with: real datasets (datasets/), read as package data."""
