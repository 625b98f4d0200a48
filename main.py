"""Logistic Regression Lab: `python main.py` opens the window, `--headless` trains without one."""

from __future__ import annotations

import sys

from core.cli import build_parser, config_from_args


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors caused by what the user asked for: exit 2 with the message, no traceback."""
    from core.config import ConfigError
    from core.datasets import DataError
    from core.devices import DeviceError
    from core.engine import EngineError

    return ConfigError, DataError, DeviceError, EngineError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.headless:
            from core.headless import run_headless

            return run_headless(args)
        config = config_from_args(args)
        if args.data:  # refused here, before a window opens (numpy only: no torch yet)
            from core.datasets import load_data_file

            load_data_file(args.data)
    except _user_errors() as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    from gui.app import run_app

    return run_app(config, args, options_given=len(sys.argv if argv is None else argv) > 1)


if __name__ == "__main__":
    sys.exit(main())
