"""The benchmark's verdicts and table (the measurements themselves run in `make bench`, never in tests)."""

from __future__ import annotations

import subprocess
import sys
import time

from newslab import bench


def _results(**overrides):
    results = {
        "corpus": "corpus",
        "n_articles": 10,
        "n_chars": 1000,
        "n_tokens": 200,
        "model": "m",
        "n_process": 2,
        "machine": {"cpus": 2, "memory_gb": 8, "platform": "Linux", "python": "3.11"},
        "raw_spacy_s": 100.0,
        "annotate_s": 110.0,
        "annotate_throughput_vs_raw": 100 / 110,
        "cold_report_s": 160.0,
        "cold_vs_raw": 1.6,
        "warm_report_s": 5.0,
        "warm_vs_cold": 5 / 160,
        "warm_forced_report_s": 40.0,
        "warm_forced_vs_cold": 0.25,
        "edit_report_s": 50.0,
        "edit_vs_cold": 50 / 160,
        "peak_rss_gb": 1.5,
        "drop_rate_percent": 0.1,
    }
    results.update(overrides)
    return results


def test_every_target_is_judged_and_a_miss_is_reported():
    assert all(bench.check(_results()).values()) is False  # edit 0.31x cold misses 0.3x
    verdict = bench.check(_results(edit_vs_cold=0.25))
    assert set(verdict) == set(bench.TARGETS) and all(verdict.values())
    assert bench.check(_results(peak_rss_gb=2.0))["peak_rss_gb"] is False
    assert bench.check(_results(annotate_throughput_vs_raw=0.84))["annotate_throughput_vs_raw"] is False


def test_markdown_table_names_machine_measurements_and_misses():
    results = _results()
    results["targets_met"] = bench.check(results)
    text = bench.markdown(results)
    assert "2 CPUs" in text and "| raw spaCy `nlp.pipe` | 100.0 s |" in text
    assert "0.31x cold (target <= 0.3x)" in text and "edit_vs_cold NO" in text


def test_peak_rss_includes_child_processes():
    code = "import time; b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    child = subprocess.Popen([sys.executable, "-c", code])
    with bench.PeakRSS(interval=0.05) as rss:
        child.wait()
        time.sleep(0.1)
    assert rss.peak > 300 * 2**20
