"""The tests are shaped like the package: a newcomer finds a module's tests by its path."""

from __future__ import annotations

from collections import Counter

ALLOWED = {
    ("unit",),
    ("unit", "read"),
    ("unit", "annotate"),
    ("unit", "analyse"),
    ("unit", "report"),
    ("integration",),
    ("gold",),
}


def _test_files(project_root):
    tests = project_root / "tests"
    return [p.relative_to(tests) for p in tests.rglob("test_*.py") if "fixtures" not in p.parts]


def test_every_test_file_sits_in_the_layout(project_root):
    misplaced = [str(p) for p in _test_files(project_root) if p.parent.parts not in ALLOWED]
    assert not misplaced, f"put these under tests/unit/<stage>/, tests/integration/ or tests/gold/: {misplaced}"


def test_test_basenames_are_unique(project_root):
    """pytest imports test files by basename (no __init__.py), so two files of one name would clash."""
    counts = Counter(p.name for p in _test_files(project_root))
    assert not [name for name, n in counts.items() if n > 1]


def test_fixtures_come_from_conftest_as_fixtures_not_imports(project_root):
    importing = "from conftest " + "import"  # spelled apart so this file does not match itself
    offenders = [str(p) for p in _test_files(project_root) if importing in (project_root / "tests" / p).read_text()]
    assert not offenders
