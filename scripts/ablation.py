"""Ablation of the real-news recipe: each lever on and off, same budget and seed, one table.

    python scripts/ablation.py --steps 2000 --cluener --output runs/ablation-real.json
    python scripts/ablation.py --variants "" --from-runs student=runs/student,student-bigram=runs/student-bigram

Every variant trains ``--config`` (default ``configs/student.yaml``) with the
overrides of its levers into ``--out-dir/<variant>``, under the same budget
(``--steps`` or ``--epochs``) and seed. A variant whose folder already holds a
``metrics.json`` recording the same config and overrides is not retrained, so
a long ablation resumes where it stopped. ``--from-runs NAME=DIR,...`` adds
rows for models trained elsewhere (evaluated only).

Levers (:data:`LEVERS`; each row sets every lever on or off explicitly):

| lever | on | off | input file (option) |
|---|---|---|---|
| lex | model.lexicon=true | model.lexicon=false | — |
| gaz | model.lexicon_gazetteers=FILE (needs lex) | null | --gazetteers |
| charvec | model.char_vectors=FILE | null | --char-vectors (--cluener-char-vectors) |
| bigram | model.bigram_vectors=FILE | null | --bigram-vectors |
| distill | the FILE source kept in data.train | that source dropped | --distill-data |
| pretrain | model.name_or_path=DIR | null | --pretrained (rows only with it) |
| entgaz | model.lexicon_entities=true (needs lex) | null | — |

Variants (:data:`VARIANTS`): ``none``, each lever added alone to ``none``
(gazetteers with the lexicon), ``+lex+gaz+entgaz``, ``all``, and ``all`` minus each lever.

Columns, from the project's evaluators (``scripts/evaluate_suite.py``,
``train.evaluate``): real-dev entity micro F1 (the judge: the best variant
by it is marked), written dev F1, MSRA test PER/LOC/ORG F1 (the msra label
map; reported, never chosen by), CLUENER dev F1 with ``--cluener`` (ten
labels: ``--cluener-config`` trained with the levers that apply to it, the
same budget and seed), the trainer's train seconds, parameters, and
characters/s of ``predict()`` on real-dev.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.errors import PolicyIEError  # noqa: E402
from train.config import load_config  # noqa: E402
from train.real_news import default_shared_dir  # noqa: E402


class AblationError(PolicyIEError):
    """A missing input, a bad option or a variant that cannot run: stops before any training."""


class Lever(NamedTuple):
    """One switch of the recipe: the overrides that turn it on and off.

    ``{file}`` in ``on`` is the lever's input file (the CLI option ``file_option``),
    made by ``make`` when absent. ``cluener``: the lever applies to the CLUENER task."""

    what: str
    on: tuple[str, ...]
    off: tuple[str, ...]
    file_option: str | None = None
    make: str | None = None
    cluener: bool = True


LEVERS: dict[str, Lever] = {
    "lex": Lever("lexicon features", ("model.lexicon=true",), ("model.lexicon=false",)),
    "gaz": Lever("mined gazetteer categories (lexicon categories)", ("model.lexicon_gazetteers={file}",),
                 ("model.lexicon_gazetteers=null",), "gazetteers",
                 "python -m train.gazetteers --output data/lexicon/gazetteers.tsv"),
    "charvec": Lever("character vectors from the raw news", ("model.char_vectors={file}",),
                     ("model.char_vectors=null",), "char_vectors",
                     "python -m train.embeddings --config configs/embeddings.yaml dim=128 "
                     "output=runs/embeddings/char_vectors_128.txt"),
    "bigram": Lever("bigram feature (model.bigrams)", ("model.bigram_vectors={file}",),
                    ("model.bigram_vectors=null",), "bigram_vectors",
                    "python -m train.embeddings --config configs/bigram-embeddings.yaml"),
    # data.train with or without the source: overrides computed from the base config (distill_overrides)
    "distill": Lever("raw news tagged by the teacher (train.distill)", (), (), "distill_data",
                     "python -m train.distill --teacher runs/real-mix --max-chars 3000000 "
                     "--output runs/distill/teacher_news.jsonl", cluener=False),
    "pretrain": Lever("masked-LM pretrained encoder", ("model.name_or_path={file}",), ("model.name_or_path=null",),
                      "pretrained", "python -m train.pretrain --config configs/pretrain-small.yaml"),
    "entgaz": Lever("the training data's own entities as lexicon categories, jackknifed (train.entity_gazetteer)",
                    ("model.lexicon_entities=true",), ("model.lexicon_entities=null",)),
}
REQUIRES = {"gaz": "lex", "entgaz": "lex"}  # gazetteers are categories of the lexicon
OPTIONAL = {"pretrain"}  # levers with rows only when their option is given

_ALL = ("lex", "gaz", "charvec", "bigram", "distill", "pretrain", "entgaz")


def _all_but(lever: str) -> tuple[str, ...]:
    """Every lever but ``lever`` and those that need it (the gazetteers go with the lexicon)."""
    return tuple(name for name in _ALL if name != lever and REQUIRES.get(name) != lever)


# variant -> the levers it turns on (every other lever is off)
VARIANTS: dict[str, tuple[str, ...]] = {
    "none": (),
    "+lex": ("lex",),
    "+lex+gaz": ("lex", "gaz"),
    "+lex+entgaz": ("lex", "entgaz"),
    "+lex+gaz+entgaz": ("lex", "gaz", "entgaz"),
    "+charvec": ("charvec",),
    "+bigram": ("bigram",),
    "+distill": ("distill",),
    "+pretrain": ("pretrain",),
    "all": _ALL,
    **{f"all-{lever}": _all_but(lever) for lever in _ALL},
}

MSRA_LABELS = ("PER", "LOC", "ORG")
MAKES = {
    "real-dev": "python scripts/build_real_corpus.py",
    "shared": "the shared folder of public corpora: ../shared beside the repository, or set POLICY_IE_SHARED",
}


# --------------------------------------------------------------------------
# The variant table


def available_levers(files: dict[str, str | None]) -> tuple[str, ...]:
    """The levers this run can switch: an optional lever only when its option is given."""
    return tuple(name for name in LEVERS if name not in OPTIONAL or files.get(LEVERS[name].file_option))


def variant_levers(name: str, files: dict[str, str | None]) -> frozenset[str]:
    """The levers ``name`` turns on, among those available; an unknown or unavailable row is an error."""
    if name not in VARIANTS:
        raise AblationError(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})")
    available = available_levers(files)
    for lever in OPTIONAL - set(available):
        if name in (f"+{lever}", f"all-{lever}"):
            option = LEVERS[lever].file_option.replace("_", "-")
            raise AblationError(f"variant {name} needs --{option} DIR ({LEVERS[lever].what}: {LEVERS[lever].make})")
    return frozenset(VARIANTS[name]) & frozenset(available)


def default_variants(files: dict[str, str | None]) -> list[str]:
    """Every row this run can make, in table order."""
    available = available_levers(files)
    return [name for name in VARIANTS if not any(
        lever not in available and name in (f"+{lever}", f"all-{lever}") for lever in OPTIONAL)]


def distill_overrides(base: dict[str, Any], path: str, on: bool) -> list[str]:
    """``data.train`` with the distillation source ``path`` kept (added if absent) or dropped;
    no override where the base config already has it that way."""
    sources = list((base.get("data") or {}).get("train") or [])
    def is_distill(source: Any) -> bool:
        return (source.get("path") if isinstance(source, dict) else source) == path
    present = any(is_distill(s) for s in sources)
    if on == present:
        return []
    sources = sources + [{"path": path}] if on else [s for s in sources if not is_distill(s)]
    return ["data.train=" + json.dumps(sources, ensure_ascii=False)]


def lever_overrides(levers: frozenset[str], files: dict[str, str | None], base: dict[str, Any],
                    task: str = "project") -> list[str]:
    """The overrides of one row: every available lever on or off (for ``task="cluener"``,
    only the levers that apply to it)."""
    overrides: list[str] = []
    for name in available_levers(files):
        lever = LEVERS[name]
        if task == "cluener" and not lever.cluener:
            continue
        on = name in levers
        file = files.get(lever.file_option) if lever.file_option else None
        if name == "distill":
            overrides += distill_overrides(base, str(file), on)
        else:
            overrides += [o.format(file=file) for o in (lever.on if on else lever.off)]
    if task == "project" and "pretrain" in levers and files.get("pretrained_lr"):
        overrides.append(f"training.learning_rate={files['pretrained_lr']}")
    return overrides


def budget_overrides(output: Path, steps: int | None, epochs: float | None, seed: int) -> list[str]:
    """The same budget and seed for every row."""
    budget = [f"training.max_steps={steps}"] if steps else [f"training.epochs={epochs}", "training.max_steps=-1"]
    return [f"training.output_dir={output}", *budget, f"training.seed={seed}", "training.disable_tqdm=true"]


def cluener_name(levers: frozenset[str]) -> str:
    """The CLUENER folder of a row: named by the levers that apply to it, so rows that
    differ only in levers CLUENER lacks (distill) share one CLUENER run."""
    applied = [name for name in LEVERS if name in levers and LEVERS[name].cluener]
    return "+".join(applied) or "none"


# --------------------------------------------------------------------------
# Checks before any training


def read_raw_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise AblationError(f"{path}: config file not found")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def vectors_dim(path: Path) -> int:
    """The vector size of a word2vec text file (its header: count dim)."""
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().split()
    if len(header) != 2 or not all(part.isdigit() for part in header):
        raise AblationError(f"{path}:1: not a word2vec text file (header {' '.join(header)!r})")
    return int(header[1])


def check_lever_files(levers: frozenset[str], files: dict[str, str | None], config_path: Path,
                      task: str = "project") -> None:
    """Every input file of a lever that is on exists (else: the command that makes it), and
    character vectors fit the encoder's hidden size."""
    config = None
    for name in sorted(levers):
        lever = LEVERS[name]
        if not lever.file_option or (task == "cluener" and not lever.cluener):
            continue
        file = files.get(lever.file_option)
        if not file or not Path(file).exists():
            raise AblationError(f"lever {name} ({lever.what}): {file} not found; make it with: {lever.make}")
        if name == "charvec":
            config = config or load_config(config_path)
            hidden = (config.model.architecture or {}).get("hidden_size", 768)
            dim = vectors_dim(Path(file))
            if dim != hidden:
                raise AblationError(f"lever charvec: {file} holds vectors of size {dim}, but {config_path} has "
                                    f"hidden_size {hidden}; make them with: python -m train.embeddings --config "
                                    f"configs/embeddings.yaml dim={hidden} output=...")


def check_data_files(config_path: Path, overrides: list[str]) -> None:
    """Every training and dev file of a row's config exists: a missing shared corpus is named with
    where the shared folder comes from, a missing real-news split with the command that builds it."""
    config = load_config(config_path, overrides)
    for source in [*config.data.train, *config.data.dev]:
        check_input(config.resolve_path(source.path), shared="{shared}" in source.path)


def check_input(path: Path, shared: bool = False) -> None:
    if path.exists():
        return
    if shared:
        raise AblationError(f"{path} not found: this needs {MAKES['shared']}")
    hint = f"; build it with: {MAKES['real-dev']}" if "real/build" in path.as_posix() else ""
    raise AblationError(f"{path} not found{hint}")


# --------------------------------------------------------------------------
# Training (resumable) and evaluation


def ablation_record(config_path: Path, overrides: list[str]) -> dict[str, Any]:
    """What a trained row is: its config (path and content hash) and its overrides."""
    text = config_path.read_bytes()
    return {"config": str(config_path), "config_sha256": hashlib.sha256(text).hexdigest(), "overrides": overrides}


def already_trained(folder: Path, record: dict[str, Any]) -> bool:
    """True when ``folder/metrics.json`` records the same config and overrides."""
    metrics = folder / "metrics.json"
    if not metrics.is_file():
        return False
    try:
        recorded = json.loads(metrics.read_text(encoding="utf-8")).get("ablation", {}).get("record")
    except json.JSONDecodeError:
        return False
    return recorded == record


def train_row(config_path: Path, overrides: list[str], folder: Path) -> bool:
    """Train one row into ``folder`` unless it is already there; True when it trained.
    The record goes into the folder's metrics.json, for the next resume check."""
    record = ablation_record(config_path, overrides)
    if already_trained(folder, record):
        print(f"  {folder}: trained with the same overrides, not retrained", flush=True)
        return False
    from train.trainer import run_training

    started = time.perf_counter()
    run_training(load_config(config_path, overrides))
    metrics_file = folder / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    metrics["ablation"] = {"record": record, "wall_seconds": time.perf_counter() - started}
    metrics_file.write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    return True


def chars_per_second(model_dir: Path, texts: list[str], quantize: bool | None) -> float:
    """Characters/s of predict() over ``texts`` after one warm-up call."""
    from model.inference import load_model, predict

    model = load_model(model_dir, quantize=quantize)
    predict(texts[:2], model=model)
    started = time.perf_counter()
    predict(texts, model=model)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def parameter_count(model_dir: Path) -> int:
    from model.inference import load_model

    return load_model(model_dir, device="cpu", quantize=False, backend="torch").tagger.num_parameters()


@lru_cache(maxsize=1)
def load_evaluate_suite():
    """scripts/evaluate_suite.py (scripts/ is no package): its evaluate_model scores every file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("evaluate_suite", ROOT / "scripts" / "evaluate_suite.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(suite: dict[str, Any], name: str, label: str | None = None) -> float | None:
    entities = (suite.get(name) or {}).get("entities")
    if not entities:
        return None
    scores = entities["micro"] if label is None else entities["per_label"].get(label)
    return scores["f1"] if scores else None


def evaluate_row(model_dir: Path, eval_files: dict[str, Path], quantize: bool | None) -> dict[str, Any]:
    """Real-dev, written dev and MSRA test scores (evaluate_suite.evaluate_model), speed, size."""
    suite_module = load_evaluate_suite()
    files = (
        ("real-dev", eval_files["real_dev"], "articles", None),
        ("written-dev", eval_files["written_dev"], "articles", None),
        ("msra-test", eval_files["msra_test"], "ner", "msra"),
    )
    suite = suite_module.evaluate_model(str(model_dir), files, quantize)
    from train.evaluate import read_eval_file

    texts = [a.text for a in read_eval_file(str(eval_files["real_dev"]))[0]]
    metrics_file = model_dir / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.is_file() else {}
    return {
        "folder": str(model_dir),
        "real_dev_f1": f1(suite, "real-dev"),
        "real_dev_slot_f1": ((suite.get("real-dev") or {}).get("records") or {}).get("slot", {}).get("f1"),
        "written_dev_f1": f1(suite, "written-dev"),
        "msra_test_f1": f1(suite, "msra-test"),
        **{f"msra_{label}_f1": f1(suite, "msra-test", label) for label in MSRA_LABELS},
        "train_seconds": (metrics.get("train") or {}).get("train_runtime"),
        "parameters": parameter_count(model_dir),
        "chars_per_s": chars_per_second(model_dir, texts, quantize),
        "suite": suite,
    }


def evaluate_cluener(model_dir: Path, cluener_dev: Path, quantize: bool | None) -> float | None:
    """Entity micro F1 on CLUENER dev, its ten labels (the cluener_native label map)."""
    suite = load_evaluate_suite().evaluate_model(str(model_dir), (("cluener-dev", cluener_dev, "ner", "cluener_native"),),
                                                 quantize)
    return f1(suite, "cluener-dev")


# --------------------------------------------------------------------------
# The table


def cell(value: Any, fmt: str) -> str:
    return format(value, fmt) if isinstance(value, (int, float)) else "—"


def best_variant(rows: dict[str, dict[str, Any]]) -> str | None:
    """The trained variant with the highest real-dev F1 (the judge); --from-runs rows are not budget-equal."""
    scored = {name: row["real_dev_f1"] for name, row in rows.items() if row.get("kind") == "variant"
              and isinstance(row.get("real_dev_f1"), (int, float))}
    return max(scored, key=scored.get) if scored else None


def format_table(rows: dict[str, dict[str, Any]], budget: str) -> str:
    best = best_variant(rows)
    lines = [
        f"ablation: {budget}; best on real-dev (the judge): {best or '—'}",
        "",
        "| variant | levers | real-dev F1 | written dev F1 | MSRA PER | MSRA LOC | MSRA ORG | CLUENER dev F1 "
        "| train s | parameters | chars/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in rows.items():
        real = cell(row.get("real_dev_f1"), ".3f")
        shown = f"**{name}** (best)" if name == best else name
        lines.append(
            f"| {shown} | {row.get('levers', '—')} | {f'**{real}**' if name == best else real} "
            f"| {cell(row.get('written_dev_f1'), '.3f')} "
            + "".join(f"| {cell(row.get(f'msra_{label}_f1'), '.3f')} " for label in MSRA_LABELS)
            + f"| {cell(row.get('cluener_dev_f1'), '.3f')} | {cell(row.get('train_seconds'), '.0f')} "
            f"| {cell(row.get('parameters'), ',')} | {cell(row.get('chars_per_s'), ',.0f')} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------
# The command


def parse_from_runs(text: str | None) -> dict[str, Path]:
    runs: dict[str, Path] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        name, sep, folder = item.partition("=")
        if not sep or not name.strip() or not folder.strip():
            raise AblationError(f"--from-runs: {item!r} is not NAME=DIR")
        path = Path(folder.strip())
        if not (path / "config.json").is_file():
            raise AblationError(f"--from-runs {name.strip()}: {path} is no trained model folder (no config.json)")
        runs[name.strip()] = path
    return runs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, default=None, help="training.max_steps of every row (the budget)")
    budget.add_argument("--epochs", type=float, default=None, help="training.epochs of every row (the budget)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--config", default="configs/student.yaml", help="the base config of every row")
    parser.add_argument("--variants", default=None,
                        help="comma list of VARIANTS (default: every row this run can make; empty: --from-runs only)")
    parser.add_argument("--from-runs", default=None, help="NAME=DIR,...: rows for models already trained (no training)")
    parser.add_argument("--out-dir", default="runs/ablation-real")
    parser.add_argument("--output", default=None, help="write the rows as JSON here")
    parser.add_argument("--dry-run", action="store_true", help="check every input, print each row's overrides, stop")
    parser.add_argument("--fp32", action="store_true", help="evaluate without int8 quantization on the CPU")
    files = parser.add_argument_group("lever inputs")
    files.add_argument("--gazetteers", default="data/lexicon/gazetteers.tsv")
    files.add_argument("--char-vectors", default="runs/embeddings/char_vectors_128.txt",
                       help="word2vec text file, size = the config's hidden_size")
    files.add_argument("--cluener-char-vectors", default="runs/embeddings/char_vectors.txt",
                       help="character vectors for the CLUENER config (its hidden_size, 256)")
    files.add_argument("--bigram-vectors", default="runs/embeddings/bigram_vectors.txt")
    files.add_argument("--distill-data", default="runs/distill/teacher_news.jsonl",
                       help="the teacher-tagged source of data.train that the distill lever keeps or drops")
    files.add_argument("--pretrained", default=None, help="BertForMaskedLM folder of train.pretrain: the pretrain rows")
    files.add_argument("--pretrained-lr", type=float, default=None,
                       help="training.learning_rate of the rows with the pretrained encoder (default: the config's)")
    shared = default_shared_dir(ROOT)
    evals = parser.add_argument_group("evaluation files")
    evals.add_argument("--real-dev", default=str(ROOT / "data/real/build/dev.jsonl"), help="the judge")
    evals.add_argument("--written-dev", default=str(ROOT / "data/dev.jsonl"))
    evals.add_argument("--msra-test", default=str(shared / "corpora/msra_ner/test.jsonl"))
    evals.add_argument("--cluener", action="store_true", help="also train and score on CLUENER (ten labels)")
    evals.add_argument("--cluener-config", default="configs/cluener-native.yaml")
    evals.add_argument("--cluener-dev", default=str(shared / "corpora/cluener2020/dev.jsonl"))
    return parser


def run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    files: dict[str, Any] = {
        "gazetteers": args.gazetteers, "char_vectors": args.char_vectors, "bigram_vectors": args.bigram_vectors,
        "distill_data": args.distill_data, "pretrained": args.pretrained, "pretrained_lr": args.pretrained_lr,
    }
    cluener_files = {**files, "char_vectors": args.cluener_char_vectors}
    names = default_variants(files) if args.variants is None else [v.strip() for v in args.variants.split(",") if v.strip()]
    levers = {name: variant_levers(name, files) for name in names}
    from_runs = parse_from_runs(args.from_runs)
    if not names and not from_runs:
        raise AblationError("nothing to do: no --variants and no --from-runs")
    if names and not (args.steps or args.epochs):
        raise AblationError("give the budget of every row: --steps N or --epochs E")

    # every check before the first training: a long run must not stop at row 9
    eval_files = {"real_dev": Path(args.real_dev), "written_dev": Path(args.written_dev), "msra_test": Path(args.msra_test)}
    check_input(eval_files["real_dev"])
    check_input(eval_files["written_dev"])
    check_input(eval_files["msra_test"], shared=True)
    config_path = Path(args.config)
    base = read_raw_config(config_path)
    out_dir = Path(args.out_dir)
    budget = {"steps": args.steps, "epochs": args.epochs, "seed": args.seed}
    plans: dict[str, list[str]] = {}
    for name in names:
        check_lever_files(levers[name], files, config_path)
        plans[name] = lever_overrides(levers[name], files, base) + budget_overrides(out_dir / name, **budget)
        check_data_files(config_path, plans[name])
    cluener_plans: dict[str, list[str]] = {}
    if args.cluener and names:
        cluener_path = Path(args.cluener_config)
        cluener_base = read_raw_config(cluener_path)
        check_input(Path(args.cluener_dev), shared=True)
        for name in names:
            folder = cluener_name(levers[name])
            check_lever_files(levers[name], cluener_files, cluener_path, task="cluener")
            cluener_plans[folder] = (lever_overrides(levers[name], cluener_files, cluener_base, task="cluener")
                                     + budget_overrides(out_dir / "cluener" / folder, **budget))
            check_data_files(cluener_path, cluener_plans[folder])

    if args.dry_run:
        for name in names:
            print(f"{name}: {' '.join(plans[name])}")
        for folder, overrides in cluener_plans.items():
            print(f"cluener/{folder}: {' '.join(overrides)}")
        return {}
    quantize = False if args.fp32 else None
    rows: dict[str, dict[str, Any]] = {}
    budget_text = (f"{args.steps} steps" if args.steps else f"{args.epochs} epochs") + f" per variant, seed {args.seed}"
    for name in names:
        print(f"variant {name}: {' '.join(plans[name])}", flush=True)
        trained = train_row(config_path, plans[name], out_dir / name)
        row = {"kind": "variant", "levers": "+".join(n for n in LEVERS if n in levers[name]) or "none",
               "overrides": plans[name], "trained_now": trained,
               **evaluate_row(out_dir / name, eval_files, quantize)}
        if args.cluener:
            folder = cluener_name(levers[name])
            train_row(Path(args.cluener_config), cluener_plans[folder], out_dir / "cluener" / folder)
            row["cluener_run"] = str(out_dir / "cluener" / folder)
            row["cluener_dev_f1"] = evaluate_cluener(out_dir / "cluener" / folder, Path(args.cluener_dev), quantize)
        rows[name] = row
        print(f"done: {name}: real-dev F1 {cell(row['real_dev_f1'], '.3f')}", flush=True)
        write_output(args.output, rows, budget_text)  # after every row: a stopped run keeps what it measured
    for name, folder in from_runs.items():
        rows[name] = {"kind": "from-run", "levers": "(trained elsewhere)", **evaluate_row(folder, eval_files, quantize)}
        write_output(args.output, rows, budget_text)
    print()
    print(format_table(rows, budget_text if names else "--from-runs rows only"))
    if args.cluener and names:
        print("\nCLUENER: the distill lever does not apply; rows differing only in it share one CLUENER run.")
    return rows


def write_output(path: str | None, rows: dict[str, dict[str, Any]], budget: str) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        report = {"budget": budget, "best_on_real_dev": best_variant(rows), "rows": rows}
        Path(path).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        run(args)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
