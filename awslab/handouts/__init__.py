"""Handouts for a class: per-student HTML/PDF from the notebooks, instructor keys, and the
student edition of the notebooks (``python -m awslab handouts`` / ``release``).

Nothing heavy is imported here: papermill and nbconvert load when a handout is built.
"""
from awslab.handouts.build import Report, build, select_notebooks
from awslab.handouts.roster import RosterError, Student, parse_roster, read_roster

__all__ = ["Report", "RosterError", "Student", "build", "parse_roster", "read_roster",
           "select_notebooks"]
