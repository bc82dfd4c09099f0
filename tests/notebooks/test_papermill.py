"""Each notebook runs under papermill as a per-student handout build runs it.

Parameters: ``student_id`` and ``interactive=False``; kernel ``python3``; cwd ``notebooks/``.
Students' data are seeded by ``student_id``: two students must see different results, and the
same student must see the same text twice.
"""
import pytest

from notebook_runs import (NOTEBOOKS, error_outputs, ids, image_outputs, text_outputs,
                           widget_views)

pytestmark = pytest.mark.parametrize("notebook", NOTEBOOKS, ids=ids(NOTEBOOKS))


def completed(run):
    assert run.error is None, run.describe_failure()
    assert run.nb is not None
    assert error_outputs(run.nb) == []
    return run.nb


def test_runs_for_two_students(notebook, notebook_runs):
    for student in ("alice", "bob"):
        nb = completed(notebook_runs.get(notebook, student))
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1 and f'student_id = "{student}"' in injected[0].source


def test_students_get_different_outputs(notebook, notebook_runs):
    alice = completed(notebook_runs.get(notebook, "alice"))
    bob = completed(notebook_runs.get(notebook, "bob"))
    assert (text_outputs(alice), image_outputs(alice)) != \
        (text_outputs(bob), image_outputs(bob)), \
        f"{notebook.name}: alice and bob got identical outputs; is the data seeded by student_id?"


def test_same_student_same_text(notebook, notebook_runs):
    first = completed(notebook_runs.get(notebook, "alice"))
    again = completed(notebook_runs.get(notebook, "alice", attempt=2))
    for n, (a, b) in enumerate(zip(text_outputs(first), text_outputs(again), strict=True)):
        assert a == b, f"{notebook.name}: code cell {n} printed different text on a rerun"


def test_handout_shows_no_live_widgets(notebook, notebook_runs):
    """interactive=False is the handout mode: static figures instead of widgets (DESIGN 5)."""
    nb = completed(notebook_runs.get(notebook, "alice"))
    assert widget_views(nb) == [], \
        f"{notebook.name}: cells {widget_views(nb)} display a live widget with interactive=False"
