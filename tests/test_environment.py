"""environment.yml (conda, Binder) and pyproject.toml name the same dependencies, and
requirements.lock pins every one of them at a version the bounds allow."""
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "python-duckdb": "duckdb"}
NOT_DEPENDENCIES = {"python", "pip"}


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in ("lab", "test"):
        lines += project["optional-dependencies"][extra]
    reqs = [Requirement(line) for line in lines]
    return {canonicalize_name(r.name): r for r in reqs if r.name != project["name"]}


def environment_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    lines = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            lines += [line for line in dep["pip"] if not line.startswith("-e")]
        else:
            lines.append(dep)
    reqs = {}
    for line in lines:
        # conda's "name=1.2" means a version prefix; only "python=3.11" is written that way
        req = Requirement(re.sub(r"^([A-Za-z0-9_.-]+)=(?!=)", r"\1==", line))
        name = canonicalize_name(CONDA_TO_PYPI.get(req.name, req.name))
        if name not in NOT_DEPENDENCIES:
            reqs[name] = req
    return reqs


def lock_pins():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if m:
            pins[canonicalize_name(m.group(1))] = Version(m.group(2))
    return pins


def test_same_dependencies():
    assert sorted(environment_requirements()) == sorted(pyproject_requirements())


def test_same_version_bounds():
    env = environment_requirements()
    for name, req in pyproject_requirements().items():
        assert env[name].specifier == req.specifier, \
            f"{name}: environment.yml says {env[name].specifier}, pyproject {req.specifier}"


def test_environment_is_conda_forge_python_311_with_awslab():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"][0] == "conda-forge"
    assert "python=3.11" in env["dependencies"]
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert any("-e ." in section for section in pip_sections), "the awslab package itself"


@pytest.mark.parametrize("name", sorted(pyproject_requirements()))
def test_pinned_in_lock(name):
    pins = lock_pins()
    req = pyproject_requirements()[name]
    assert name in pins, f"{name} is not pinned in requirements.lock: run `make lock`"
    assert pins[name] in req.specifier, \
        f"requirements.lock pins {name}=={pins[name]}, outside {req.specifier}"
