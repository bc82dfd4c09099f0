"""Command line: ``python -m awslab coverage``."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m awslab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("coverage", help="print the table of simulated AWS operations")
    args = parser.parse_args(argv)
    if args.command == "coverage":
        from awslab.coverage import coverage_table
        print(coverage_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
