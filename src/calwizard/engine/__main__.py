"""``python -m calwizard.engine run|status …``: the engine verbs without the rest of the ``calwizard`` CLI
(the same code as ``calwizard engine …``; handy for services and for the tests)."""

from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    from calwizard.cli import ExitCode
    from calwizard.engine.cli import register

    parser = argparse.ArgumentParser(prog="python -m calwizard.engine")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every presence change and network step")
    register(parser.add_subparsers(dest="command", metavar="COMMAND"))
    rest = list(sys.argv[1:] if argv is None else argv)
    flags = []
    while rest and rest[0].startswith("-") and rest[0] not in ("-h", "--help"):
        flags.append(rest.pop(0))
    args = parser.parse_args([*flags, "engine", *rest])
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.func(args))
    except Exception:
        logging.getLogger("calwizard").exception("internal error")
        print("calwizard engine: internal error (a bug in calwizard); details are in the log above", file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
