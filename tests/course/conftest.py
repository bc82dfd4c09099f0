"""Fixtures for the course tests: progress files go to a temporary folder, never ~."""
import pytest


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch):
    """Every test records progress under its own temporary folder."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("AWSLAB_PROGRESS_DIR", str(folder))
    return folder
