"""Per-student handouts for a class: ``awslab handouts --jobs 2`` beside a plain loop of
``papermill`` + ``jupyter nbconvert --to html`` over the same notebooks.

The class is 30 students x every notebook (issue 9's figure). The plain loop runs the
same notebooks, one CLI call of each tool per handout, for a few students and is
extrapolated to the class (per handout it does exactly what a teacher's shell script
would). Rows: the whole class (wall time), and each notebook's mean seconds per handout
(awslab: time inside a worker, two workers sharing the machine; the loop: its two CLI
calls).

Environment, for a quicker run:
``AWSLAB_BENCH_HANDOUT_STUDENTS`` (default 30), ``AWSLAB_BENCH_HANDOUT_BASELINE_STUDENTS``
(default 2), ``AWSLAB_BENCH_HANDOUT_NOTEBOOKS`` (default ``all``, or e.g. ``00,06``),
``AWSLAB_BENCH_HANDOUT_JOBS`` (default 2).

Not a test: it prints measurements. ``python bench/handouts.py`` runs it alone.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def settings() -> dict:
    env = os.environ.get
    return {"students": int(env("AWSLAB_BENCH_HANDOUT_STUDENTS", "30")),
            "baseline": int(env("AWSLAB_BENCH_HANDOUT_BASELINE_STUDENTS", "2")),
            "notebooks": env("AWSLAB_BENCH_HANDOUT_NOTEBOOKS", "all"),
            "jobs": int(env("AWSLAB_BENCH_HANDOUT_JOBS", "2"))}


def class_roster(n: int):
    from awslab.handouts import parse_roster
    return parse_roster("student_id,name\n" + "".join(
        f"bench-{i:02d},Student {i}\n" for i in range(1, n + 1)))


def run_awslab(students, notebooks, jobs: int, out: Path):
    """``(wall seconds, {notebook stem: [seconds per handout]})``."""
    from awslab.handouts import build
    start = time.perf_counter()
    report = build(students, notebooks, out, jobs=jobs, force=True, quiet=True)
    wall = time.perf_counter() - start
    if report.failures:
        raise RuntimeError(report.summary())
    per: dict = {}
    for outcome in report.outcomes:
        per.setdefault(outcome.notebook, []).append(outcome.seconds)
    return wall, per


def run_loop(students, notebooks, out: Path) -> dict:
    """``{notebook stem: [seconds per handout]}`` of the plain CLI loop."""
    env = {k: v for k, v in os.environ.items() if k != "AWSLAB_DEBUG"}
    env["AWSLAB_PROGRESS_DIR"] = "off"
    per: dict = {}
    for nb in notebooks:
        for s in students:
            executed = out / f"{nb.stem}-{s.slug}.ipynb"
            start = time.perf_counter()
            subprocess.run([str(BIN / "papermill"), str(nb), str(executed), "-k", "python3",
                            "--cwd", str(nb.parent), "--execution-timeout", "180",
                            "-p", "student_id", s.student_id, "-p", "interactive", "False",
                            "--no-progress-bar"], check=True, env=env,
                           capture_output=True)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html",
                            str(executed), "--output-dir", str(out)], check=True, env=env,
                           capture_output=True)
            per.setdefault(nb.stem, []).append(time.perf_counter() - start)
    return per


def measure():
    from awslab.__main__ import notebook_folder
    from awslab.handouts import select_notebooks
    conf = settings()
    notebooks = select_notebooks(notebook_folder(), conf["notebooks"])
    students = class_roster(conf["students"])
    with tempfile.TemporaryDirectory(prefix="awslab-bench-handouts-") as tmp:
        wall, ours = run_awslab(students, notebooks, conf["jobs"], Path(tmp) / "awslab")
        (Path(tmp) / "loop").mkdir()
        theirs = run_loop(students[:conf["baseline"]], notebooks, Path(tmp) / "loop")
    return conf, notebooks, wall, ours, theirs


def rows() -> list:
    """Rows for ``bench/run.py``'s table ``(name, awslab, baseline, unit)``."""
    conf, notebooks, wall, ours, theirs = measure()
    n_students, n_nb = conf["students"], len(notebooks)
    loop_total = sum(statistics.mean(v) for v in theirs.values()) * n_students
    out = [(f"Handouts, {n_students} students x {n_nb} notebooks, --jobs {conf['jobs']}: "
            f"wall (loop: {conf['baseline']} students, "
            f"x{n_students / conf['baseline']:.0f})",
            wall, loop_total, "s")]
    for nb in notebooks:
        out.append((f"  handout of {nb.stem[:40]} (mean per student; awslab inside a "
                    "worker)", statistics.mean(ours[nb.stem]),
                    statistics.mean(theirs[nb.stem]), "s"))
    return out


def main() -> None:
    for name, ours, theirs, unit in rows():
        print(f"{name:<92} {ours:>8.1f}{unit:>2} {theirs:>8.1f}{unit:>2} "
              f"{theirs / ours:>6.1f}x")


if __name__ == "__main__":
    main()
