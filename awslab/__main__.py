"""Command line: ``python -m awslab coverage | handouts | release``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def notebook_folder() -> Path:
    """The course's ``notebooks/`` folder, beside the ``awslab`` package."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def _add_handouts(sub) -> None:
    p = sub.add_parser(
        "handouts", help="per-student handouts (HTML, PDF) or instructor keys",
        description="Run every chosen notebook for every student of the roster (papermill: "
        "student_id, interactive=False, show_answers) and render offline HTML (and PDF "
        "with headless Chromium). Solution cells are left out unless --answers. Existing "
        "handouts are kept unless --force. Exit status 1 if any handout failed.")
    p.add_argument("--roster", required=True, type=Path,
                   help="CSV with a header row: student_id (required), name (optional)")
    p.add_argument("--notebooks", default="all",
                   help="'all' (default) or notebook numbers, e.g. 01,06")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--answers", action="store_true",
                   help="instructor keys: show_answers=True, solution cells kept")
    p.add_argument("--format", default="html",
                   help="html (default), pdf or html,pdf (PDF keeps its HTML)")
    p.add_argument("--jobs", type=int, default=1, help="parallel workers (default 1)")
    p.add_argument("--force", action="store_true", help="rebuild existing handouts")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds per cell before one retry (default 180)")
    p.add_argument("--source", type=Path, default=None,
                   help="folder of the notebooks (default: the course's notebooks/)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_release(sub) -> None:
    p = sub.add_parser(
        "release", help="student edition of the notebooks (no solutions, no outputs)",
        description="Write the notebooks without solution cells, answers or outputs, "
        "like nbgrader's release step.")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--notebooks", default="all", help="'all' (default) or e.g. 01,06")
    p.add_argument("--source", type=Path, default=None,
                   help="folder of the notebooks (default: the course's notebooks/)")


def _handouts(args) -> int:
    from awslab.handouts import build, read_roster, select_notebooks
    from awslab.handouts.render import CELL_TIMEOUT
    if args.jobs < 1:
        raise ValueError("--jobs must be 1 or more")
    students = read_roster(args.roster)
    notebooks = select_notebooks(args.source or notebook_folder(), args.notebooks)
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    report = build(students, notebooks, args.out, key=args.answers, formats=formats,
                   jobs=args.jobs, force=args.force, timeout=args.timeout or CELL_TIMEOUT,
                   quiet=args.quiet)
    print(report.summary())
    return 1 if report.failures else 0


def _release(args) -> int:
    from awslab.handouts import select_notebooks
    from awslab.handouts.release import release
    written = release(select_notebooks(args.source or notebook_folder(), args.notebooks),
                      args.out)
    print(f"student edition of {len(written)} notebooks in {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m awslab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("coverage", help="print the table of simulated AWS operations")
    _add_handouts(sub)
    _add_release(sub)
    args = parser.parse_args(argv)
    if args.command == "coverage":
        from awslab.coverage import coverage_table
        print(coverage_table())
        return 0
    from awslab.errors import AwslabError
    try:
        return _handouts(args) if args.command == "handouts" else _release(args)
    except (AwslabError, ValueError, OSError) as exc:
        print(f"python -m awslab {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
