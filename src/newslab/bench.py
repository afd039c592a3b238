"""``make bench``: measure newslab against raw spaCy on a real corpus, side by side, in one run.

Measured (on a private copy of the corpus, with a fresh annotation cache):

1. raw spaCy: ``nlp.pipe`` over the article texts (same model, same number of processes);
2. our annotation stage on the same articles (cold cache);
3. a cold ``newslab.run`` (every notebook, HTML and index), with an empty cache;
4. a warm rerun with nothing changed;
5. a rerun after editing one article;
6. peak RSS of the whole process tree (kernels and spaCy workers included) during the runs;
7. the read stage's drop rate (share of characters removed as boilerplate);
8. optionally (``--stress``) reading and annotating a single 20 MB file and a 20,000-file corpus, with peak RSS.

Targets (checked here, never in a timed unit test): cold report <= 1.67x raw spaCy; warm rerun <= 0.2x cold;
one edited article <= 0.3x cold; annotation >= 0.85x raw spaCy throughput; peak RSS < 2 GB; drop rate < 1%.
Results go to ``<out>/bench.json`` and ``<out>/bench.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from newslab.config import DEFAULT_MODEL, PROJECT_ROOT, effective_processes, resolve

TARGETS = {
    "cold_vs_raw": ("<=", 1.67),
    "warm_vs_cold": ("<=", 0.2),
    "edit_vs_cold": ("<=", 0.3),
    "annotate_throughput_vs_raw": (">=", 0.85),
    "peak_rss_gb": ("<", 2.0),
    "drop_rate_percent": ("<", 1.0),
}


class PeakRSS:
    """Samples the RSS of this process and all its children every ``interval`` seconds."""

    def __init__(self, pid: int | None = None, interval: float = 0.1) -> None:
        self.root = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def raw_spacy_seconds(texts: list[str], model: str, n_process: int, batch_size: int = 32) -> float:
    import spacy

    nlp = spacy.load(model)

    def run() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))

    seconds, _ = timed(run)
    return seconds


def run_report(corpus: Path, out: Path, cache: Path, model: str, n_process: int, force: bool = False) -> float:
    cmd = [sys.executable, "-m", "newslab.run", "--corpus", str(corpus), "--out", str(out), "--cache", str(cache)]
    cmd += ["--model", model, "--n-process", str(n_process)] + (["--force"] if force else [])
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"report failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds


def stress_corpora(work: Path, sample_texts: list[str]) -> dict[str, Path]:
    """A single ~20 MB article and a folder of 20,000 tiny articles, built from real text."""
    big_dir = work / "big"
    big_dir.mkdir()
    text, i = [], 0
    size = 0
    while size < 20 * 1024 * 1024:
        chunk = sample_texts[i % len(sample_texts)]
        text.append(chunk)
        size += len(chunk.encode("utf-8")) + 2
        i += 1
    (big_dir / "big.txt").write_text("A very long article\n\n" + "\n\n".join(text), encoding="utf-8")
    many = work / "many"
    for n in range(20_000):
        folder = many / f"{n // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        sentence = sample_texts[n % len(sample_texts)].split(". ")[0][:300]
        (folder / f"tiny_{n:05d}.txt").write_text(f"Item {n}\n\n{sentence}.\n", encoding="utf-8")
    return {"20MB_file": big_dir, "20000_files": many}


def stress_stage(corpus: Path, model: str, n_process: int) -> dict[str, float]:
    """Read and annotate ``corpus`` in a child process; its peak RSS and time."""
    code = (
        "import sys; from newslab import read, annotate;"
        "r = read.read_corpus(sys.argv[1]);"
        "a = annotate.annotate_corpus(r.articles, sys.argv[2], cache_dir=None, n_process=int(sys.argv[3]));"
        "print(len(r.articles), len(a.entities))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(corpus), model, str(n_process)], stdout=subprocess.PIPE)
    started = time.perf_counter()
    with PeakRSS(proc.pid) as rss:
        out, _ = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"stress run on {corpus} failed")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_gb": round(rss.peak / 2**30, 3),
        "output": out.decode().strip(),
    }


def check(results: dict[str, Any]) -> dict[str, bool]:
    ok = {}
    for key, (op, bound) in TARGETS.items():
        value = results.get(key)
        if value is None:
            continue
        ok[key] = value <= bound if op == "<=" else value >= bound if op == ">=" else value < bound
    return ok


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    rows = [
        ("raw spaCy `nlp.pipe`", f"{results['raw_spacy_s']:.1f} s", ""),
        (
            "annotation stage (cold cache)",
            f"{results['annotate_s']:.1f} s",
            f"throughput {results['annotate_throughput_vs_raw']:.2f}x raw (target >= 0.85x)",
        ),
        (
            "cold `newslab.run`",
            f"{results['cold_report_s']:.1f} s",
            f"{results['cold_vs_raw']:.2f}x raw (target <= 1.67x)",
        ),
        (
            "warm rerun, nothing changed",
            f"{results['warm_report_s']:.1f} s",
            f"{results['warm_vs_cold']:.2f}x cold (target <= 0.2x)",
        ),
        (
            "warm rerun with `--force` (all notebooks re-executed, annotations cached)",
            f"{results['warm_forced_report_s']:.1f} s",
            f"{results['warm_forced_vs_cold']:.2f}x cold (no target)",
        ),
        (
            "rerun after editing one article",
            f"{results['edit_report_s']:.1f} s",
            f"{results['edit_vs_cold']:.2f}x cold (target <= 0.3x)",
        ),
        ("peak RSS (process tree)", f"{results['peak_rss_gb']:.2f} GB", "target < 2 GB"),
        ("read stage drop rate", f"{results['drop_rate_percent']:.3f} %", "target < 1 %"),
    ]
    for name, stress in results.get("stress", {}).items():
        rows.append(
            (
                f"stress: {name} (read + annotate)",
                f"{stress['seconds']:.1f} s",
                f"peak RSS {stress['peak_rss_gb']:.2f} GB",
            )
        )
    lines = [
        f"Corpus: {results['corpus']} ({results['n_articles']} articles, {results['n_chars']:,} characters, "
        f"{results['n_tokens']:,} tokens); model {results['model']}; {results['n_process']} processes.",
        f"Machine: {machine['cpus']} CPUs, {machine['memory_gb']} GB RAM, {machine['platform']}, "
        f"Python {machine['python']}.",
        "",
        "| measurement | result | against target |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        "Targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in results["targets_met"].items()),
    ]
    return "\n".join(lines) + "\n"


def bench(corpus: Path, out: Path, model: str, n_process: int, stress: bool) -> dict[str, Any]:
    from newslab import annotate, read

    out.mkdir(parents=True, exist_ok=True)
    shown = os.path.relpath(corpus.resolve(), PROJECT_ROOT) if corpus.is_absolute() else str(corpus)
    results: dict[str, Any] = {"corpus": shown, "model": model, "n_process": n_process}
    results["machine"] = {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }

    def save_partial() -> None:
        # A long run that dies still leaves what it measured.
        (out / "bench.partial.json").write_text(json.dumps(results, indent=2))

    with tempfile.TemporaryDirectory(prefix="newslab-bench-") as tmp:
        work = Path(tmp)
        copy = work / "corpus"
        shutil.copytree(corpus, copy)
        print("[bench] reading ...", file=sys.stderr)
        results["read_s"], read_result = timed(lambda: read.read_corpus(copy))
        articles = read_result.articles
        results["n_articles"] = len(articles)
        results["n_chars"] = int(articles["body"].str.len().sum())
        results["drop_rate_percent"] = round(100 * read.drop_rate(copy), 4)
        texts = articles["body"].tolist()

        save_partial()
        print("[bench] raw spaCy ...", file=sys.stderr)
        results["raw_spacy_s"] = raw_spacy_seconds(texts, model, n_process)
        import spacy

        results["n_tokens"] = sum(len(d) for d in spacy.blank("en").pipe(texts))
        save_partial()
        print("[bench] annotation stage ...", file=sys.stderr)
        results["annotate_s"], _ = timed(
            lambda: annotate.annotate_corpus(articles, model, cache_dir=None, n_process=n_process)
        )
        results["annotate_throughput_vs_raw"] = results["raw_spacy_s"] / results["annotate_s"]

        site, cache = work / "site", work / "cache"
        with PeakRSS() as rss:
            print("[bench] cold report ...", file=sys.stderr)
            results["cold_report_s"] = run_report(copy, site, cache, model, n_process)
            save_partial()
            print("[bench] warm report ...", file=sys.stderr)
            results["warm_report_s"] = run_report(copy, site, cache, model, n_process)
            save_partial()
            print("[bench] forced warm report (every notebook re-executed, annotations cached) ...", file=sys.stderr)
            results["warm_forced_report_s"] = run_report(copy, site, cache, model, n_process, force=True)
            edited = sorted(p for p in copy.rglob("*.txt"))[len(texts) // 2]
            edited.write_text(edited.read_text(encoding="utf-8") + "\n\nOfficials said 300 more workers arrived.\n")
            save_partial()
            print("[bench] report after editing one article ...", file=sys.stderr)
            results["edit_report_s"] = run_report(copy, site, cache, model, n_process)
        results["peak_rss_gb"] = round(rss.peak / 2**30, 3)
        results["page_sizes_mb"] = {
            p.name: round(p.stat().st_size / 2**20, 2) for p in sorted((site / "reports").glob("*.html"))
        }
        results["cold_vs_raw"] = results["cold_report_s"] / results["raw_spacy_s"]
        results["warm_vs_cold"] = results["warm_report_s"] / results["cold_report_s"]
        results["edit_vs_cold"] = results["edit_report_s"] / results["cold_report_s"]
        results["warm_forced_vs_cold"] = results["warm_forced_report_s"] / results["cold_report_s"]
        if stress:
            results["stress"] = {}
            for name, folder in stress_corpora(work, texts).items():
                save_partial()
                print(f"[bench] stress {name} ...", file=sys.stderr)
                results["stress"][name] = stress_stage(folder, model, n_process)
                results["peak_rss_gb"] = max(results["peak_rss_gb"], results["stress"][name]["peak_rss_gb"])
    results["targets_met"] = check(results)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    (out / "bench.md").write_text(markdown(results))
    (out / "bench.partial.json").unlink(missing_ok=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newslab.bench", description="Benchmark newslab against raw spaCy.")
    parser.add_argument("--corpus", default="../shared/corpora/bbc-news/news")
    parser.add_argument("--out", default="outputs/bench")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--n-process", type=int, default=0)
    parser.add_argument("--no-stress", action="store_true", help="skip the 20 MB file and 20,000-file corpora")
    args = parser.parse_args(argv)
    results = bench(
        resolve(args.corpus), resolve(args.out), args.model, effective_processes(args.n_process), not args.no_stress
    )
    print(markdown(results))
    return 0 if all(results["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
