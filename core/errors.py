"""The one base class of every error meant for the user: its message says what to change, and
whoever shows it (the window, the command line) shows the message alone, without a traceback."""


class UserError(Exception):
    """A problem the user can fix (a value, a file, a device); str(error) is the whole message."""
