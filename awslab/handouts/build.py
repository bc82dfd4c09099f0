"""A class's handouts in one batch: every (student, notebook) pair, in parallel workers.

Each pair is one job (:func:`run_job`) in a worker process: papermill runs the notebook
for the student, the HTML (and PDF) are written atomically into ``OUT/<student>/``.
Existing handouts are kept unless ``force``; a job that fails is reported at the end
while the rest of the batch completes. ``OUT/index.html`` lists the class, the
notebooks and every handout's status (:mod:`awslab.handouts.index`).

Kernels started for handouts record no exercise progress (``AWSLAB_PROGRESS_DIR=off``):
an instructor's batch run must not count as the students' attempts.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from awslab.errors import AwslabError
from awslab.handouts import render
from awslab.handouts.roster import Student

FORMATS = ("html", "pdf")
KEY_SUFFIX = "-key"


@dataclass(frozen=True)
class Job:
    """One handout to make: a student, a notebook, the edition and formats."""

    student: Student
    notebook: Path
    title: str
    out: Path
    key: bool = False
    formats: tuple = ("html",)
    force: bool = False
    chromium: str | None = None
    timeout: int = render.CELL_TIMEOUT

    def paths(self) -> dict:
        """``{format: path}`` of this handout's files."""
        stem = self.notebook.stem + (KEY_SUFFIX if self.key else "")
        return {fmt: self.out / self.student.slug / f"{stem}.{fmt}" for fmt in self.formats}


@dataclass
class Outcome:
    """What became of one job: ``built``, ``kept`` (already there) or ``failed``."""

    student: Student
    notebook: str                      # the notebook's file stem
    status: str
    files: dict = field(default_factory=dict)      # format -> path relative to OUT
    error: str | None = None
    seconds: float = 0.0


def notebook_title(path: Path) -> str:
    """The first ``# `` heading of a notebook, else its file stem."""
    import nbformat
    try:
        nb = nbformat.read(str(path), as_version=4)
    except (OSError, ValueError):
        return path.stem
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def select_notebooks(folder: Path, spec: str = "all") -> list[Path]:
    """The notebooks of ``folder`` named by ``spec``: ``all`` or ``01,06,...``.

    Raises
    ------
    AwslabError
        If a named notebook does not exist (the message lists those that do).
    """
    from awslab.course.registry import notebook_id
    found = sorted(p for p in Path(folder).glob("*.ipynb") if p.name[:2].isdigit())
    if not found:
        raise AwslabError(f"no notebooks (NN_name.ipynb) in {folder}")
    if spec.strip().lower() in ("", "all"):
        return found
    by_id = {p.name[:2]: p for p in found}
    chosen, unknown = [], []
    for item in (s.strip() for s in spec.split(",") if s.strip()):
        try:
            nb = notebook_id(item.split("_")[0])
        except AwslabError:
            nb = None
        if nb not in by_id:
            unknown.append(item)
        elif by_id[nb] not in chosen:
            chosen.append(by_id[nb])
    if unknown:
        raise AwslabError(f"no such notebook: {', '.join(unknown)} (have: "
                          f"{', '.join(sorted(by_id))}, or 'all')")
    return chosen


def run_job(job: Job) -> Outcome:
    """Make one handout (in a worker process); never raises for a notebook's failure."""
    start = time.monotonic()
    paths = job.paths()
    relative = {fmt: str(p.relative_to(job.out)) for fmt, p in paths.items()}
    todo = [fmt for fmt, p in paths.items() if job.force or not p.exists()]
    name = job.notebook.stem
    if not todo:
        return Outcome(job.student, name, "kept", relative)
    try:
        if "html" in todo:
            nb = render.execute(job.notebook, job.student.student_id, job.key,
                                timeout=job.timeout)
            render.write_atomic(paths["html"], render.to_html(nb, job.student, job.title,
                                                              job.key))
        if "pdf" in todo:
            render.to_pdf(paths["html"], paths["pdf"], job.chromium)
    except render.HandoutError as exc:
        return Outcome(job.student, name, "failed", relative, str(exc),
                       time.monotonic() - start)
    except Exception as exc:          # report it with the job; the batch goes on
        return Outcome(job.student, name, "failed", relative,
                       f"{type(exc).__name__}: {exc}", time.monotonic() - start)
    return Outcome(job.student, name, "built", relative, None, time.monotonic() - start)


LOG_NAME = "handouts.log"


def _learner_env(log: str):
    """Kernels as a learner runs them (no AWSLAB_DEBUG), recording no progress, their
    start-up chatter sent to ``OUT/handouts.log``; returns a function undoing it."""
    saved = {k: os.environ.get(k) for k in ("AWSLAB_DEBUG", "AWSLAB_PROGRESS_DIR")}
    os.environ.pop("AWSLAB_DEBUG", None)
    os.environ["AWSLAB_PROGRESS_DIR"] = "off"
    stderr = os.dup(2)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)

    def restore():
        os.dup2(stderr, 2)
        os.close(stderr)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return restore


def _init_worker(log: str) -> None:
    """Worker set-up: a learner's environment for the worker's whole life."""
    _learner_env(log)


def _in_process(job: Job, log: str) -> Outcome:
    restore = _learner_env(log)
    try:
        return run_job(job)
    finally:
        restore()


def _outcomes(todo: list, jobs: int, log: str):
    """``(job, outcome)`` as jobs finish: in this process for one job at a time, else in
    ``jobs`` worker processes. Handouts already there are kept without a worker."""
    pending = []
    for job in todo:
        if job.force or not all(p.exists() for p in job.paths().values()):
            pending.append(job)
        else:
            yield job, run_job(job)
    todo = pending
    if jobs <= 1 or len(todo) <= 1:
        for job in todo:
            yield job, _in_process(job, log)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_init_worker, initargs=(log,)) as pool:
        futures = {pool.submit(run_job, job): job for job in todo}
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield job, future.result()
                except Exception as exc:        # a worker died (killed, out of memory)
                    yield job, Outcome(job.student, job.notebook.stem, "failed",
                                       error=f"worker failed: {type(exc).__name__}: {exc}")
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _bar(total: int, quiet: bool):
    if quiet:
        return None
    try:
        from tqdm import tqdm
    except ImportError:                       # pragma: no cover - papermill needs tqdm
        return None
    return tqdm(total=total, desc="handouts", unit="handout", file=sys.stderr,
                dynamic_ncols=True)


@dataclass
class Report:
    """A batch's outcomes, in roster order, and where its index is."""

    outcomes: list
    index: Path
    seconds: float
    pdf_skipped: bool = False

    @property
    def failures(self) -> list:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def summary(self) -> str:
        lines = [f"{self.count('built')} built, {self.count('kept')} kept (use --force to "
                 f"rebuild), {len(self.failures)} failed, in {self.seconds:.1f} s; "
                 f"index: {self.index}"]
        if self.pdf_skipped:
            lines.append(render.NO_CHROMIUM)
        for o in self.failures:
            lines.append(f"FAILED {o.student.label} · {o.notebook}: {o.error}")
        return "\n".join(lines)


def build(students: list, notebooks: list, out, *, key: bool = False,
          formats=("html",), jobs: int = 1, force: bool = False,
          timeout: int = render.CELL_TIMEOUT, quiet: bool = False) -> Report:
    """Build the handouts of ``students`` x ``notebooks`` into ``out``.

    Parameters
    ----------
    students : list of Student
        From :func:`awslab.handouts.read_roster`.
    notebooks : list of Path
        From :func:`select_notebooks`.
    out : path
        The output folder (``OUT/<student>/<notebook>.html``, ``OUT/index.html``).
    key : bool
        Instructor keys (``show_answers=True``, solution cells kept, ``-key`` files).
    formats : iterable of "html", "pdf"
        PDF is printed from the HTML, so the HTML is always written.
    jobs : int
        Worker processes.
    force : bool
        Rebuild handouts that exist.

    Returns
    -------
    Report
    """
    from awslab.handouts.index import write_index
    start = time.monotonic()
    out = Path(out).resolve()
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise AwslabError(f"unknown format {', '.join(sorted(unknown))} (use html, pdf)")
    chromium = render.find_chromium() if "pdf" in formats else None
    pdf_skipped = "pdf" in formats and chromium is None
    chosen = tuple(f for f in FORMATS if f == "html" or (f in formats and chromium))
    titles = {nb: notebook_title(nb) for nb in notebooks}
    todo = [Job(s, nb, titles[nb], out, key, chosen, force, chromium, timeout)
            for nb in notebooks for s in students]
    out.mkdir(parents=True, exist_ok=True)
    if pdf_skipped and not quiet:
        print(render.NO_CHROMIUM, file=sys.stderr)
    bar = _bar(len(todo), quiet)
    results: dict = {}
    try:
        for job, outcome in _outcomes(todo, jobs, str(out / LOG_NAME)):
            results[(job.student.student_id, job.notebook.stem)] = outcome
            if bar is not None:
                bar.set_postfix_str(f"{job.student.slug} · {outcome.notebook} "
                                    f"{outcome.status}", refresh=False)
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    outcomes = [results[(s.student_id, nb.stem)] for s in students for nb in notebooks]
    index = write_index(out, students, [(nb.stem, titles[nb]) for nb in notebooks],
                        outcomes, key=key)
    return Report(outcomes, index, time.monotonic() - start, pdf_skipped)
