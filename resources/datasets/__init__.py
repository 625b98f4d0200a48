"""Real datasets bundled with the app (see README.md here for sources and licences)."""
