"""Fetch the public NER corpora from their public sources and convert them to
the uniform NER JSON Lines that the configs read (``{shared}/corpora``).

    python scripts/download_corpora.py --out ../shared/corpora [--only cluener2020]

Sources (the same as ``../shared/corpora/README.md`` documents):
* CLUENER2020 train/dev: plum-Yin/GlobalPointer_pytorch ``datasets/cluener/{train,dev}.json``
* People's Daily NER dev/test: zjy-ucas/ChineseNER ``data/example.{dev,test}``
* MSRA NER test: OYE93/Chinese-NLP-Corpus ``NER/MSRA/msra_test_bio.txt``

Offline, it stops with a clear message and writes nothing partial.
"""
from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

RAW = "https://raw.githubusercontent.com"
SOURCES: dict[str, list[tuple[str, str, str]]] = {
    # dataset: [(url, output file, format)]
    "cluener2020": [
        (f"{RAW}/plum-Yin/GlobalPointer_pytorch/main/datasets/cluener/train.json", "train.jsonl", "cluener"),
        (f"{RAW}/plum-Yin/GlobalPointer_pytorch/main/datasets/cluener/dev.json", "dev.jsonl", "cluener"),
    ],
    "peoples_daily_ner": [
        (f"{RAW}/zjy-ucas/ChineseNER/master/data/example.dev", "dev.jsonl", "bio_space"),
        (f"{RAW}/zjy-ucas/ChineseNER/master/data/example.test", "test.jsonl", "bio_space"),
    ],
    "msra_ner": [
        (f"{RAW}/OYE93/Chinese-NLP-Corpus/master/NER/MSRA/msra_test_bio.txt", "test.jsonl", "bio_tab"),
    ],
}


class DownloadError(RuntimeError):
    """A source could not be fetched or parsed."""


def fetch(url: str, timeout: float = 30.0) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DownloadError(
            f"could not download {url}: {error}. Are you offline? The corpora are also described in "
            "../shared/corpora/README.md; copy them there by hand if this machine has no internet."
        ) from error


def convert_cluener(raw: str, prefix: str) -> Iterator[dict]:
    for index, line in enumerate(l for l in raw.splitlines() if l.strip()):
        row = json.loads(line)
        text = row["text"]
        entities = []
        for label, spans in row.get("label", {}).items():
            for surface, positions in spans.items():
                for start, end_inclusive in positions:
                    entities.append({"start": start, "end": end_inclusive + 1, "label": label, "text": surface})
        entities.sort(key=lambda e: (e["start"], e["end"]))
        yield {"id": f"{prefix}-{index:05d}", "text": text, "entities": entities}


def convert_bio(raw: str, prefix: str, separator: str | None) -> Iterator[dict]:
    sentence: list[tuple[str, str]] = []
    index = 0

    def emit() -> dict:
        text = "".join(c for c, _ in sentence)
        entities, start, label = [], None, None
        for i, (_, tag) in enumerate(sentence + [("", "O")]):
            if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
                if start is not None:
                    entities.append({"start": start, "end": i, "label": label, "text": text[start:i]})
                start, label = (i, tag[2:]) if tag != "O" else (None, None)
        return {"id": f"{prefix}-{index:05d}", "text": text, "entities": entities}

    for line in raw.splitlines():
        if not line.strip():
            if sentence:
                yield emit()
                index += 1
                sentence = []
            continue
        parts = line.split(separator) if separator else line.split()
        if len(parts) != 2:
            raise DownloadError(f"{prefix}: unexpected line {line!r}")
        sentence.append((parts[0], parts[1]))
    if sentence:
        yield emit()


def download(name: str, out: Path) -> list[Path]:
    converted: list[tuple[Path, list[dict]]] = []
    for url, filename, fmt in SOURCES[name]:
        raw = fetch(url)
        prefix = f"{name}-{filename.split('.')[0]}"
        if fmt == "cluener":
            rows = list(convert_cluener(raw, prefix))
        else:
            rows = list(convert_bio(raw, prefix, "\t" if fmt == "bio_tab" else None))
        for row in rows:
            for entity in row["entities"]:
                if row["text"][entity["start"] : entity["end"]] != entity["text"]:
                    raise DownloadError(f"{url}: offsets of {entity} do not match the text")
        converted.append((out / name / filename, rows))
    written = []
    for path, rows in converted:  # write only after every file of the dataset arrived
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--only", choices=sorted(SOURCES), action="append")
    args = parser.parse_args(argv)
    try:
        for name in args.only or sorted(SOURCES):
            for path in download(name, args.out):
                print(f"wrote {path}")
    except DownloadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
