"""Repo-wide pytest set-up.

* nbval opens ``--nbval-sanitize-with`` relative to the current directory; anchor it at the
  repo root so ``pytest /path/to/repo`` works from anywhere.
* ``AWSLAB_DEBUG=1`` makes the boto3 bridge re-raise internal errors instead of answering
  ``InternalFailure``; unit tests want that. Notebooks must be checked exactly as a learner
  runs them, and every kernel (nbval, papermill, JupyterLab) inherits this process's
  environment when it starts. So the variable is never left in ``os.environ`` at session
  level: it is set per module, only for modules outside the directories that run kernels.
* Exercise checks record progress in ``~/.awslab/progress`` by default; the tests (and the
  kernels they start) record into a temporary folder instead, so a test run never touches
  a learner's progress.
"""
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# Test modules under these directories start kernels or servers: learner conditions.
LEARNER_DIRS = (ROOT / "tests" / "notebooks", ROOT / "tests" / "browser")

collect_ignore = ["bench", "build", "scripts"]


def pytest_configure(config):
    opt = config.option
    path = getattr(opt, "nbval_sanitize_with", None)
    if path and not Path(path).is_absolute():
        opt.nbval_sanitize_with = str(Path(config.rootpath, path))
    # Not inherited from the shell either: nbval starts its kernels at session level.
    os.environ.pop("AWSLAB_DEBUG", None)
    if "AWSLAB_PROGRESS_DIR" not in os.environ:
        config._awslab_progress = tempfile.mkdtemp(prefix="awslab-progress-")
        os.environ["AWSLAB_PROGRESS_DIR"] = config._awslab_progress


def pytest_unconfigure(config):
    folder = getattr(config, "_awslab_progress", None)
    if folder:
        os.environ.pop("AWSLAB_PROGRESS_DIR", None)
        shutil.rmtree(folder, ignore_errors=True)


def runs_as_learner(path) -> bool:
    path = Path(path).resolve()
    return path.suffix == ".ipynb" or any(path.is_relative_to(d) for d in LEARNER_DIRS)


def pytest_collection_modifyitems(config, items):
    """Before the notebooks exist, per-notebook tests produce no cases (not skipped stubs)."""
    empty = [item for item in items if runs_as_learner(item.path) and any(
        mark.name == "skip" and str(mark.kwargs.get("reason", "")).startswith(
            "got empty parameter set") for mark in item.iter_markers())]
    if empty:
        config.hook.pytest_deselected(items=empty)
        drop = set(empty)
        items[:] = [item for item in items if item not in drop]


@pytest.fixture(autouse=True, scope="module")
def _awslab_debug(request):
    """AWSLAB_DEBUG=1 for unit-test modules; absent where notebooks run."""
    if runs_as_learner(request.node.path):
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWSLAB_DEBUG", "1")
        yield
