"""`python -m sib_case` and the `sib-case` command. Ctrl-C at any moment, even while the
libraries are still being imported, ends with one line and exit code 130."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import app

        app(prog_name="sib-case")
    except KeyboardInterrupt:
        print("sib-case: interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
