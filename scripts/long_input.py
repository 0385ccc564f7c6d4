"""Time and peak memory of predict() on one very long article, in the forms input arrives in.

    python scripts/long_input.py [--chars 1000000] [--forms text,html,traditional,noisy] [--model DIR]

The article is the sample article repeated to ``--chars`` characters (the
default limit of predict()), given as plain text, as an HTML page (one <p>
per paragraph, inline tags, a script and a style), in traditional script
(OpenCC s2t), and with zero-width and control characters after every fifth
character. Each form runs in a fresh process, so the peak resident memory
(ru_maxrss) printed for it is its own: the model, the article, the
normalisation and HTML maps, the tagger's windows and the records. The
fuzz suite (tests/test_fuzz.py) keeps to bounded sizes; this is where the
1,000,000-character article is measured.
"""
from __future__ import annotations

import argparse
import html
import multiprocessing
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = ("text", "html", "traditional", "noisy")
SAMPLE = ROOT / "data" / "samples" / "sample_article.txt"
INVISIBLE = "\u200b\ufeff\x00\u00ad"


def build_article(form: str, chars: int) -> tuple[str, str]:
    """``(source, input_format)``: the sample repeated, in ``form``, at most ``chars`` characters long."""
    sample = SAMPLE.read_text(encoding="utf-8")
    if form == "traditional":
        import opencc

        sample = opencc.OpenCC("s2t").convert(sample)
    if form == "noisy":
        sample = "".join(c + (INVISIBLE[i % len(INVISIBLE)] if i % 5 == 4 else "") for i, c in enumerate(sample))
    if form == "html":
        paragraphs = [f"<p>{html.escape(p).replace('省委书记', '<b>省委书记</b>')}</p>\n" for p in sample.split("\n") if p.strip()]
        head = "<html><head><title>新闻</title><style>p{margin:0}</style><script>var x = 1;</script></head><body>\n"
        tail = "</body></html>"
        body, size = [], len(head) + len(tail)
        while True:
            for paragraph in paragraphs:
                if size + len(paragraph) > chars:
                    return head + "".join(body) + tail, "html"
                body.append(paragraph)
                size += len(paragraph)
    text = (sample * (chars // len(sample) + 1))[:chars]
    return text, "text"


def _run(form: str, chars: int, model_dir: str | None) -> dict[str, Any]:
    """Runs in a child process."""
    from model.inference import load_model, predict

    model = load_model(model_dir)
    predict("会议", model=model)  # warm-up
    source, input_format = build_article(form, chars)
    start = time.perf_counter()
    result = predict(source, published="2024-11-22", model=model, input_format=input_format)
    seconds = time.perf_counter() - start
    assert all(source[e.start : e.end] == e.text for e in result.entities)
    return {
        "form": form,
        "characters": len(source),
        "seconds": seconds,
        "chars_per_s": len(source) / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "entities": len(result.entities),
        "records": len(result.records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="article length in characters (default 1,000,000)")
    parser.add_argument("--forms", default=",".join(FORMS), help=f"comma-separated, of {', '.join(FORMS)}")
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    args = parser.parse_args(argv)
    forms = [f for f in args.forms.split(",") if f]
    unknown = sorted(set(forms) - set(FORMS))
    if unknown:
        parser.error(f"unknown forms: {', '.join(unknown)}")
    context = multiprocessing.get_context("spawn")
    print(f"{'form':<12} {'characters':>11} {'seconds':>8} {'chars/s':>8} {'peak MB':>8} {'entities':>9} {'records':>8}")
    for form in forms:
        with context.Pool(1) as pool:
            row = pool.apply(_run, (form, args.chars, args.model))
        print(f"{row['form']:<12} {row['characters']:>11,} {row['seconds']:>8.1f} {row['chars_per_s']:>8,.0f} "
              f"{row['peak_rss_mb']:>8,.0f} {row['entities']:>9,} {row['records']:>8,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
