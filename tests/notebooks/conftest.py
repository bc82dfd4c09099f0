"""Fixtures for the notebook tests: each (notebook, student, attempt) is executed once.

Every run has the network blocked in its kernel (see netblock.py), so the papermill tests and
the no-network tests read the same runs and the notebooks execute three times in all
(alice twice, bob once) rather than once per test.
"""
import shutil

import pytest

from notebook_runs import execute, make_netblock_dir


class NotebookRuns:
    def __init__(self, folder):
        self.folder = folder
        self.netblock_dir = make_netblock_dir(folder / "netblock")
        self._runs = {}

    def source(self, notebook):
        """The notebook as it was when first asked for: all runs use the same text."""
        snapshot = self.folder / "sources" / notebook.name
        if not snapshot.exists():
            snapshot.parent.mkdir(exist_ok=True)
            shutil.copyfile(notebook, snapshot)
        return snapshot

    def get(self, notebook, student, attempt=1):
        key = (notebook, student, attempt)
        if key not in self._runs:
            stem = f"{notebook.stem}-{student}-{attempt}"
            self._runs[key] = run = execute(
                self.source(notebook), self.folder / f"{stem}.ipynb",
                {"student_id": student, "interactive": False}, cwd=notebook.parent,
                netblock_dir=self.netblock_dir, netblock_log=self.folder / f"{stem}.net.log")
            print(f"\nexecuted {stem} in {run.seconds:.1f} s -> {run.output}")
        return self._runs[key]


@pytest.fixture(scope="session")
def notebook_runs(tmp_path_factory):
    return NotebookRuns(tmp_path_factory.mktemp("notebook-runs"))
