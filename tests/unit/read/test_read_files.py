"""Discovery, ids and bad input: nothing stops the run, nothing outside the corpus is read, nothing vanishes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newslab.read import discover_files, read_corpus, read_file, repeated_lines
from newslab.read.files import article_id

BODY = "The regional council approved a plan to hire 250 more nurses by June, officials said on Monday.\n"
SECRET = "NEVER-READ-THIS-7f3a"


def problems_by_path(result) -> dict[str, str]:
    return {row.source_path: row.problem for row in result.problems.itertuples()}


def test_discovery_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for rel in ("z.txt", "a.md", "b/deep/c.html", "b/d.jsonl", ".hidden.txt", ".git/x.txt"):
        (tmp_path / rel).write_text(BODY)
    paths, problems = discover_files(tmp_path)
    assert [p.relative_to(tmp_path.resolve()).as_posix() for p in paths] == [
        "a.md",
        "b/d.jsonl",
        "b/deep/c.html",
        "z.txt",
    ]
    assert problems == []


def test_unsupported_extensions_are_warnings(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README").write_text("x")
    _, problems = discover_files(tmp_path)
    assert {(p["source_path"], p["severity"]) for p in problems} == {("notes.docx", "warning"), ("README", "warning")}
    assert all("unsupported file type" in p["problem"] for p in problems)


def test_symlinks_outside_are_refused_inside_are_read(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n\nThis must never be read.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "real.txt").write_text("Nurses\n\n" + BODY)
    os.symlink(outside / "secret.txt", corpus / "escape.txt")
    os.symlink(outside, corpus / "escape-dir")
    os.symlink(corpus / "real.txt", corpus / "alias.txt")
    opened: list[str] = []
    real_read = Path.read_bytes

    def spy(self):
        opened.append(str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    result = read_corpus(corpus)
    probs = problems_by_path(result)
    assert "outside the corpus" in probs["escape.txt"] and "outside the corpus" in probs["escape-dir"]
    assert opened and not any(Path(path).name in ("escape.txt", "secret.txt") for path in opened)
    assert not result.articles["body"].str.contains(SECRET).any()
    assert set(result.articles["source_path"]) == {"real.txt", "alias.txt"}


def test_read_file_refuses_a_path_resolving_outside(tmp_path):
    (tmp_path / "secret.txt").write_text(SECRET)
    corpus = tmp_path / "c"
    corpus.mkdir()
    os.symlink(tmp_path / "secret.txt", corpus / "link.txt")
    result = read_file(corpus / "link.txt", corpus)
    assert not result.articles and "outside the corpus" in result.problems[0]["problem"]


def test_bad_files_become_problems_and_the_run_goes_on(tmp_path, monkeypatch):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n   \r\n")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 4)
    (tmp_path / "locked.txt").write_text("Locked\n\n" + BODY)
    (tmp_path / "good.txt").write_text("Nurses\n\n" + BODY)
    real_read = Path.read_bytes

    def guarded(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    result = read_corpus(tmp_path)
    probs = problems_by_path(result)
    assert probs["empty.txt"] == "empty file (0 bytes)"
    assert "whitespace-only" in probs["blank.txt"]
    assert "PNG image" in probs["picture.txt"]
    assert "undecodable" in probs["garbage.txt"]
    assert probs["locked.txt"] == "unreadable: Permission denied"
    assert set(result.problems["severity"]) == {"error"}
    assert list(result.articles["source_path"]) == ["good.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_is_unreadable(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    try:
        assert "unreadable" in read_file(locked, tmp_path).problems[0]["problem"]
    finally:
        locked.chmod(0o644)


def test_duplicates_are_both_kept_and_the_second_points_to_the_first(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a copy.txt").write_text("Nurses\n\n" + BODY)
    (tmp_path / "x" / "b.txt").write_text("Nurses\n\n" + BODY)
    result = read_corpus(tmp_path)
    arts = result.articles.set_index("source_path")
    assert arts.loc["a copy.txt", "duplicate_of"] == ""
    assert arts.loc["x/b.txt", "duplicate_of"] == arts.loc["a copy.txt", "article_id"]
    row = result.problems.iloc[0]
    assert (row.source_path, row.severity) == ("x/b.txt", "warning") and "duplicate" in row.problem


def test_odd_names_nested_folders_and_markup(tmp_path):
    nested = tmp_path / "Ünïcode folder" / "deeper (2)"
    nested.mkdir(parents=True)
    names = ["with space (1).txt", "Ünïcode folder/naïve café.txt", "Ünïcode folder/deeper (2)/x’y.md"]
    for name in names:
        (tmp_path / name).write_text("<script>alert(1)</script> Title\n\n" + BODY + '<img src=x onerror="x()">\n')
    result = read_corpus(tmp_path)
    assert sorted(result.articles["source_path"]) == sorted(names)
    ids = result.articles["article_id"]
    assert ids.is_unique and ids.str.fullmatch(r"[a-z0-9-]+").all()
    assert result.articles["body"].str.contains('<img src=x onerror="x()">', regex=False).all()


def test_article_id_is_stable_unique_and_file_name_safe():
    a = article_id("world/Some Story (1).txt")
    assert a == article_id("world/Some Story (1).txt")
    assert a != article_id("sport/Some Story (1).txt")
    assert a.startswith("some-story-1-") and len(a) <= 60 + 9
    assert article_id("x/" + "long name " * 20 + ".txt").count("-") >= 1
    assert article_id("feed.jsonl", 3).endswith("-r3")
    assert article_id("???.txt").startswith("article-")


def test_encodings_and_hidden_characters_end_up_clean_in_articles(tmp_path):
    cp1252 = "Café owners protest\r\n\r\nThe owners’ group called it “unfair” on Monday, the mayor’s office said.\r\n"
    (tmp_path / "cp1252.txt").write_bytes(cp1252.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(("Ferry strike ends\n\n" + BODY).encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes("\ufeffBridge repairs\n\n".encode() + BODY.encode())
    (tmp_path / "hidden.txt").write_text(
        "Bridge\u200b repairs\u202e start\n\n" + BODY.replace("council", "coun\u200dcil")
    )
    arts = read_corpus(tmp_path).articles.set_index("source_path")
    assert arts.loc["cp1252.txt", "title"] == "Café owners protest" and "“unfair”" in arts.loc["cp1252.txt", "body"]
    assert arts.loc["utf16.txt", "title"] == "Ferry strike ends"
    assert arts.loc["bom.txt", "title"] == "Bridge repairs"
    assert arts.loc["hidden.txt", "title"] == "Bridge repairs start" and "council" in arts.loc["hidden.txt", "body"]
    assert not arts["body"].str.contains("\r").any()


def test_repeated_lines_counts_distinct_files_not_copies(tmp_path):
    chrome = "The Valley Post - news for the valley"
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n{chrome}\n\n{BODY}{n}\n")
    paths, _ = discover_files(tmp_path)
    assert chrome.lower() in repeated_lines(paths, tmp_path)
    for n in range(2):
        (tmp_path / f"copy{n}.txt").write_text(f"Story 0\n{chrome}\n\n{BODY}0\n")
    assert "story 0" not in repeated_lines(discover_files(tmp_path)[0], tmp_path)


def test_a_20_mb_file_is_read(tmp_path):
    paragraph = "The council approved the budget on Monday after a long debate about schools and roads.\n\n"
    big = tmp_path / "big.txt"
    big.write_text("Budget passed\n\n" + paragraph * (20_000_000 // len(paragraph)) + "Share this\n")
    result = read_file(big, tmp_path)
    art = result.articles[0]
    assert art["n_chars_raw"] > 19_000_000 and art["title"] == "Budget passed"
    assert art["n_chars_body"] > 19_000_000 - 100
    assert [d["text"] for d in result.dropped] == ["Share this"]


@pytest.mark.slow
def test_20000_tiny_files(tmp_path):
    for n in range(20_000):
        (tmp_path / f"{n % 50:02d}").mkdir(exist_ok=True)
        (tmp_path / f"{n % 50:02d}" / f"{n}.txt").write_text(f"Story {n}\n\nOfficials said {n} people attended.\n")
    result = read_corpus(tmp_path)
    assert len(result.articles) == 20_000 and result.problems.empty
    assert result.articles["article_id"].is_unique
