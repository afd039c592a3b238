"""docs/ARCHITECTURE.md names every module of the package, so a newcomer can find where each job lives."""

from __future__ import annotations


def test_architecture_names_every_module(project_root):
    doc = (project_root / "docs" / "ARCHITECTURE.md").read_text()
    package = project_root / "src" / "newslab"
    modules = [p for p in package.rglob("*.py") if p.name != "__init__.py" and "__pycache__" not in p.parts]
    missing = [str(p.relative_to(package)) for p in modules if p.name not in doc]
    assert not missing, f"docs/ARCHITECTURE.md does not name: {missing}"
