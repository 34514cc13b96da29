"""``python -m calwizard.engine run|status …``: the engine verbs without typing ``calwizard engine``
(handy for services and for the tests). The same code path as ``calwizard engine …``: global flags such
as ``-v`` may come first."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from calwizard.cli import main as cli_main

    rest = list(sys.argv[1:] if argv is None else argv)
    flags = []
    while rest and rest[0].startswith("-") and rest[0] not in ("-h", "--help"):
        flags.append(rest.pop(0))
    return cli_main([*flags, "engine", *rest])


if __name__ == "__main__":
    sys.exit(main())
