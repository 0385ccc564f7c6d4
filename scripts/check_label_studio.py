"""Check our Label Studio layout against the label-studio-sdk's own converter.

    policy-ie convert --label-studio-config > /tmp/config.xml
    policy-ie convert FILE.jsonl /tmp/tasks.json --from jsonl --to label-studio
    PYTHON_WITH_SDK scripts/check_label_studio.py --config /tmp/config.xml --tasks /tmp/tasks.json --expect FILE.jsonl

Needs only ``label-studio-sdk`` (``pip install label-studio-sdk``, best in a
virtual environment of its own; it is not a dependency of policy-ie). The
SDK parses the config (the control ``label`` must label the object ``text``
with exactly our labels) and exports the tasks as Label Studio's JSON-MIN,
reading the regions the way Label Studio does; every exported region must be
an entity of the expected file, and every entity a region. Prints what it
compared; exit 1 on any difference.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="the labeling config (policy-ie convert --label-studio-config)")
    parser.add_argument("--tasks", required=True, help="tasks written by policy-ie (annotations)")
    parser.add_argument("--expect", required=True, help="the guide JSONL the tasks were made from")
    args = parser.parse_args(argv)
    from label_studio_sdk.converter import Converter
    from label_studio_sdk.converter.utils import parse_config

    config = Path(args.config).read_text(encoding="utf-8")
    schema = parse_config(config)
    control = schema.get("label", {})
    print(f"config: control 'label' of type {control.get('type')} -> {control.get('to_name')}, labels {control.get('labels')}")
    problems = []
    if control.get("type") != "Labels" or control.get("to_name") != ["text"]:
        problems.append("the config's control 'label' is not a Labels control on 'text'")
    tasks = json.loads(Path(args.tasks).read_text(encoding="utf-8"))
    for number, task in enumerate(tasks):
        task.setdefault("id", number + 1)  # an export has ids; an import file need not
    expected = [json.loads(line) for line in Path(args.expect).read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "tasks.json"
        source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        Converter(config=config, project_dir=scratch, download_resources=False).convert_to_json_min(
            str(source), str(Path(scratch) / "out"), is_dir=False)
        exported = json.loads((Path(scratch) / "out" / "result.json").read_text(encoding="utf-8"))
    if len(exported) != len(expected):
        problems.append(f"{len(exported)} exported tasks for {len(expected)} articles")
    total = 0
    for item, article in zip(exported, expected):
        regions = sorted((r["start"], r["end"], r["labels"][0], r["text"]) for r in item.get("label", []))
        entities = sorted((e["start"], e["end"], e["label"], e["text"]) for e in article["entities"])
        total += len(entities)
        if regions != entities:
            problems.append(f"{article['id']}: {len(set(regions) ^ set(entities))} regions differ from the entities")
        if item.get("text") != article["text"] or item.get("id") is None:
            problems.append(f"{article['id']}: the exported text differs")
    print(f"label-studio-sdk JSON-MIN export: {len(exported)} tasks, {total} entities compared, {len(problems)} problems")
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
