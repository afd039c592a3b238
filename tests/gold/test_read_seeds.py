"""The five seed pages, read carefully: their chrome goes, their body stays, their metadata is found."""

from __future__ import annotations

import pytest

from newslab.read import drop_rate, read_corpus


@pytest.fixture(scope="module")
def seeds(seed_read):
    return seed_read


def article(result, prefix):
    rows = result.articles[result.articles["source_path"].str.startswith(prefix)]
    assert len(rows) == 1
    return rows.iloc[0]


def dropped(result, prefix):
    aid = article(result, prefix)["article_id"]
    rows = result.dropped_lines[result.dropped_lines["article_id"] == aid]
    return dict(zip(rows["text"].str.strip(), rows["reason"], strict=False))


def test_seed_000_cookie_banner_goes_body_stays(seeds):
    a = article(seeds, "000_")
    assert a["title"] == "Russian Defense Chief Praises Growing Relations with North Korea"
    assert "cookies" not in a["body"]
    assert a["body"].endswith("“harshest since the onset of the war.”")
    assert "‘Despicable escalation’" in a["body"]  # a sub-heading is part of the article
    assert a["published"] == "" and a["author"] == ""
    reasons = dropped(seeds, "000_")
    assert "cookie notice" in reasons.values()
    assert any(r.startswith("photo caption") for t, r in reasons.items() if "(File image)" in t)


def test_seed_001_widgets_and_the_whole_sidebar_go(seeds):
    a = article(seeds, "001_")
    for gone in (
        "Connect with us",
        "Published",
        "THE LATEST NEWS",
        "Machado",
        "Eyal Zamir",
        "Valentino",
        "al-Sharaa",
        "Soltani",
        "Greenland",
        "Read More",
        "AndKronos",
        "Tendenza",
    ):
        assert gone not in a["body"], gone
    for kept in ("an additional 3,000 soldiers", "Upcoming visits and strengthening ties", "which wounded nine people"):
        assert kept in a["body"], kept
    reasons = dropped(seeds, "001_")
    assert reasons["THE LATEST NEWS"] == "related-stories sidebar"
    assert (
        reasons[
            "A Meganálisis survey shows overwhelming support for the opposition leader and a near-total "
            "rejection of any transitional role for the..."
        ]
        == "related-stories sidebar"
    )
    assert reasons["Connect with us"] == reasons["on"] == "subscribe/share/comment widget"


def test_seed_002_metadata_lines(seeds):
    a = article(seeds, "002_")
    assert a["section"] == "World news"
    assert a["author"] == "Fatima Khan"
    assert a["original_source"] == "asianews.network" and a["outlet"] == ""
    assert a["title"] == "North Korea Strengthens Military Ties with Russia Amid Troop Deployments and Strategic Plans"
    assert list(a["tags"][:3]) == ["ANDREY RUDENKO", "ASIA", "DEFENSE"] and "KIM JONG - UN" in a["tags"]
    assert len(a["tags"]) == 30
    for gone in ("0 Comments", "Post Comment", "Original Source", "ANDREY RUDENKO"):
        assert gone not in a["body"]
    assert a["body"].startswith("North Korea has deployed an additional 3,000 troops")


def test_seed_003_title_and_date(seeds):
    a = article(seeds, "003_")
    assert a["title"] == "North Korea denounces Ukrainian incursion, sides with Russia again"
    assert a["published"] == "2024-08-19T06:54:00"
    assert "19 August 2024" not in a["body"]
    assert "North Korea once again sides with Russia" in a["body"] and "Mutual defence agreement" in a["body"]


def test_seed_004_captions_go_quotes_and_body_stay(seeds):
    a = article(seeds, "004_")
    assert a["title"] == ""  # the page starts with body text: no headline is invented
    assert a["original_source"] == "DailyMail.co.uk" and a["outlet"] == "DailyMail.co.uk"
    for gone in (
        "File image of",
        "soldiers march during a mass rally",
        "An explosion of a missile is seen",
        "Firefighters work at the site",
        "A firefighter tackles a blaze",
        "Footage purportedly shows",
        "Clips purporting",
        "pose for a photo",
        "smile during their meeting",
        "***",
        "Read more at",
    ):
        assert gone not in a["body"], gone
    for kept in (
        "as many as 100,000 troops",
        "‘The steps taken are aimed at ensuring safety",
        "I decided it was better to surrender",
        "Images of the troops engaged on the battlefield",
        "Despite the worrying development",
        "said a statement from the Polish operational command",
    ):
        assert kept in a["body"], kept
    assert a["body"].startswith("North Korea may send as many as 100,000 troops")


def test_every_seed_line_is_kept_dropped_or_the_title(seeds, seeds_dir):
    for a in seeds.articles.itertuples():
        lines = [line.strip() for line in (seeds_dir / a.source_path).read_text(encoding="utf-8").split("\n")]
        rows = seeds.dropped_lines[seeds.dropped_lines["article_id"] == a.article_id]
        accounted = [*a.body.split("\n\n"), *rows["text"].str.strip(), *([a.title] if a.title else [])]
        assert sorted(accounted) == sorted(line for line in lines if line), a.source_path


def test_bbc_sample_loses_under_one_percent(tmp_path, bbc_dir):
    sample = sorted(bbc_dir.rglob("*.txt"))[::10]
    for path in sample:
        target = tmp_path / path.relative_to(bbc_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert len(sample) >= 200
    assert drop_rate(tmp_path) < 0.01
    result = read_corpus(tmp_path)
    first_lines = [
        (tmp_path / p).read_text(encoding="utf-8").split("\n")[0].strip() for p in result.articles["source_path"]
    ]
    assert (result.articles["title"] == first_lines).mean() > 0.99  # BBC's first line is the title
    assert (result.articles["title"] != "").all()
