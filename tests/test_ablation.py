"""scripts/ablation.py: the variant table, its checks, the resume rule and --from-runs rows.

No test here needs ../shared: the evaluation sets are small files written here, and the
only training is the tiny config of conftest (fewer steps)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import load_script, small_split, write_tiny_config

ablation = load_script("ablation")

DISTILL = "runs/distill/teacher_news.jsonl"
BASE = {"data": {"train": [{"path": "data/real/build/train.jsonl", "repeat": 2}, {"path": DISTILL},
                           {"path": "data/train.jsonl"}]}}


def lever_files(tmp_path: Path, pretrained: bool = False) -> dict[str, str | None]:
    files = {"gazetteers": "gaz.tsv", "char_vectors": "cv.txt", "bigram_vectors": "bv.txt", "distill_data": DISTILL,
             "pretrained": str(tmp_path / "mlm") if pretrained else None, "pretrained_lr": None}
    return files


def overrides_of(name: str, files: dict[str, str | None]) -> list[str]:
    return ablation.lever_overrides(ablation.variant_levers(name, files), files, BASE)


def train_paths(overrides: list[str]) -> list[str] | None:
    """The data.train paths an override list sets (None: data.train left as in the base)."""
    for override in overrides:
        if override.startswith("data.train="):
            return [source["path"] for source in json.loads(override.removeprefix("data.train="))]
    return None


def test_none_turns_every_lever_off(tmp_path):
    overrides = overrides_of("none", lever_files(tmp_path))
    assert overrides[:4] == ["model.lexicon=false", "model.lexicon_gazetteers=null", "model.char_vectors=null",
                             "model.bigram_vectors=null"]
    assert train_paths(overrides) == ["data/real/build/train.jsonl", "data/train.jsonl"]  # the distill source dropped
    assert not any(o.startswith("model.name_or_path") for o in overrides)  # no --pretrained: no pretrain lever


def test_all_turns_every_lever_on(tmp_path):
    files = lever_files(tmp_path, pretrained=True)
    overrides = overrides_of("all", files)
    assert overrides == ["model.lexicon=true", "model.lexicon_gazetteers=gaz.tsv", "model.char_vectors=cv.txt",
                         "model.bigram_vectors=bv.txt", f"model.name_or_path={files['pretrained']}",
                         "model.lexicon_entities=true"]
    assert train_paths(overrides) is None  # the base already has the distill source


def test_single_levers_and_gazetteers_come_with_the_lexicon(tmp_path):
    files = lever_files(tmp_path)
    assert "model.lexicon=true" in overrides_of("+lex", files)
    assert "model.lexicon_gazetteers=null" in overrides_of("+lex", files)
    both = overrides_of("+lex+gaz", files)
    assert {"model.lexicon=true", "model.lexicon_gazetteers=gaz.tsv", "model.char_vectors=null"} <= set(both)
    assert "model.char_vectors=cv.txt" in overrides_of("+charvec", files)
    assert "model.bigram_vectors=bv.txt" in overrides_of("+bigram", files)
    assert train_paths(overrides_of("+distill", files)) is None
    assert "+gaz" not in ablation.VARIANTS  # gazetteers alone are no row: they are lexicon categories
    entities = overrides_of("+lex+gaz+entgaz", files)
    assert {"model.lexicon=true", "model.lexicon_gazetteers=gaz.tsv", "model.lexicon_entities=true"} <= set(entities)
    assert "model.lexicon_entities=null" in both


def test_all_minus_each_lever(tmp_path):
    files = lever_files(tmp_path, pretrained=True)
    everything = ablation.variant_levers("all", files)
    assert everything == frozenset(ablation.LEVERS)
    for lever in ablation.LEVERS:
        dropped = {lever} | {d for d, needed in ablation.REQUIRES.items() if needed == lever}
        assert ablation.variant_levers(f"all-{lever}", files) == everything - dropped, lever
    minus_lex = overrides_of("all-lex", files)
    assert {"model.lexicon=false", "model.lexicon_gazetteers=null", "model.char_vectors=cv.txt"} <= set(minus_lex)
    assert train_paths(overrides_of("all-distill", files)) == ["data/real/build/train.jsonl", "data/train.jsonl"]


def test_distill_source_added_when_the_base_lacks_it():
    base = {"data": {"train": [{"path": "a.jsonl"}]}}
    assert ablation.distill_overrides(base, DISTILL, on=False) == []
    (override,) = ablation.distill_overrides(base, DISTILL, on=True)
    assert train_paths([override]) == ["a.jsonl", DISTILL]


def test_pretrain_rows_only_with_pretrained(tmp_path):
    files = lever_files(tmp_path)
    rows = ablation.default_variants(files)
    assert "+pretrain" not in rows and "all-pretrain" not in rows and "all" in rows and "none" in rows
    assert "pretrain" not in ablation.variant_levers("all", files)
    with pytest.raises(ablation.AblationError, match="--pretrained"):
        ablation.variant_levers("+pretrain", files)
    assert "+pretrain" in ablation.default_variants(lever_files(tmp_path, pretrained=True))
    with pytest.raises(ablation.AblationError, match="unknown variant 'crf'"):
        ablation.variant_levers("crf", files)


def test_cluener_rows_drop_the_levers_it_lacks(tmp_path):
    files = lever_files(tmp_path)
    levers = ablation.variant_levers("+distill", files)
    assert ablation.cluener_name(levers) == "none"  # the same CLUENER run as the none row
    overrides = ablation.lever_overrides(levers, files, {"data": {"train": [{"path": "c.jsonl"}]}}, task="cluener")
    assert train_paths(overrides) is None
    assert ablation.cluener_name(ablation.variant_levers("all", files)) == "lex+gaz+charvec+bigram+entgaz"


# --------------------------------------------------------------------------
# Checks before training, through the command


def eval_files(tmp_path: Path) -> list[str]:
    """--real-dev, --written-dev, --msra-test options pointing at small files of our own."""
    (tmp_path / "eval").mkdir(exist_ok=True)
    _, dev = small_split(tmp_path / "eval")
    msra = tmp_path / "eval" / "msra.jsonl"
    text = "国务院总理李强在北京会见外宾。"
    spans = [(0, 3, "ORG"), (5, 7, "PER"), (8, 10, "LOC")]
    entities = [{"start": s, "end": e, "label": label, "text": text[s:e]} for s, e, label in spans]
    msra.write_text(json.dumps({"id": "m-0", "text": text, "entities": entities}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return ["--real-dev", str(dev), "--written-dev", str(dev), "--msra-test", str(msra)]


def test_missing_lever_file_names_it_and_its_command(tmp_path, capsys):
    config = write_tiny_config(tmp_path, "base")
    missing = tmp_path / "nowhere" / "cv.txt"
    code = ablation.main(["--config", str(config), "--steps", "2", "--variants", "none,+charvec",
                          "--char-vectors", str(missing), "--out-dir", str(tmp_path / "abl"), *eval_files(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "python -m train.embeddings" in err and "dim=128" in err
    assert not (tmp_path / "abl").exists()  # checked before the none row trained


def test_char_vectors_of_another_size_are_refused(tmp_path, capsys):
    config = write_tiny_config(tmp_path, "base")  # hidden_size 32
    vectors = tmp_path / "cv.txt"
    vectors.write_text("1 4\n国 0.1 0.2 0.3 0.4\n", encoding="utf-8")
    code = ablation.main(["--config", str(config), "--steps", "2", "--variants", "+charvec",
                          "--char-vectors", str(vectors), *eval_files(tmp_path)])
    assert code == 2
    assert "size 4" in capsys.readouterr().err


def test_missing_evaluation_file_is_named(tmp_path, capsys):
    config = write_tiny_config(tmp_path, "base")
    options = eval_files(tmp_path)
    options[options.index("--real-dev") + 1] = str(tmp_path / "real" / "build" / "dev.jsonl")
    assert ablation.main(["--config", str(config), "--steps", "2", "--variants", "none", *options]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "real" / "build" / "dev.jsonl") in err and "build_real_corpus.py" in err
    options = eval_files(tmp_path)
    options[options.index("--msra-test") + 1] = str(tmp_path / "shared" / "msra.jsonl")
    assert ablation.main(["--config", str(config), "--steps", "2", "--variants", "none", *options]) == 2
    assert "POLICY_IE_SHARED" in capsys.readouterr().err


def test_budget_is_required_to_train(tmp_path, capsys):
    config = write_tiny_config(tmp_path, "base")
    assert ablation.main(["--config", str(config), "--variants", "none", *eval_files(tmp_path)]) == 2
    assert "--steps N or --epochs E" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Resume, and rows without training


def fake_training(calls: list[str]):
    """A run_training that writes only the metrics.json of its output folder."""
    def run_training(config):
        folder = Path(config.training.output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "metrics.json").write_text(json.dumps({"train": {"train_runtime": 1.0}}), encoding="utf-8")
        calls.append(str(folder))
        return folder
    return run_training


def test_resume_skips_a_row_with_the_same_overrides(tmp_path, monkeypatch):
    import train.trainer

    calls: list[str] = []
    monkeypatch.setattr(train.trainer, "run_training", fake_training(calls))
    config = write_tiny_config(tmp_path, "base")
    folder = tmp_path / "abl" / "none"
    overrides = ["model.lexicon=false", f"training.output_dir={folder}", "training.max_steps=2"]
    assert ablation.train_row(config, overrides, folder) is True
    recorded = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["ablation"]["record"]
    assert recorded["overrides"] == overrides
    assert ablation.train_row(config, overrides, folder) is False  # same overrides: skipped
    assert ablation.train_row(config, [*overrides[:-1], "training.max_steps=3"], folder) is True  # other budget
    assert ablation.train_row(config, [*overrides[:-1], "training.max_steps=3"], folder) is False
    assert len(calls) == 2
    config.write_text(config.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert ablation.train_row(config, [*overrides[:-1], "training.max_steps=3"], folder) is True  # the base changed


def test_from_runs_evaluates_without_training(tmp_path, tiny_model, monkeypatch, capsys):
    import train.trainer

    def no_training(config):
        raise AssertionError("--from-runs must not train")

    monkeypatch.setattr(train.trainer, "run_training", no_training)
    output = tmp_path / "ablation.json"
    options = eval_files(tmp_path)
    code = ablation.main(["--variants", "", "--from-runs", f"tiny={tiny_model}", "--output", str(output), *options])
    assert code == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    row = report["rows"]["tiny"]
    assert row["kind"] == "from-run" and report["best_on_real_dev"] is None  # no budget-equal variant
    # the figures of the project's evaluator, on the file given as real-dev
    from model.inference import load_model
    from train.annotations import read_articles
    from train.evaluate import evaluate_articles

    real_dev = read_articles(options[options.index("--real-dev") + 1])
    expected = evaluate_articles(real_dev, load_model(tiny_model))["entities"]["micro"]["f1"]
    assert row["real_dev_f1"] == pytest.approx(expected)
    assert row["written_dev_f1"] == pytest.approx(expected)  # the same file given twice
    assert row["suite"]["msra-test"]["entities"]["micro"]["support"] == 3  # PER, LOC, ORG of the MSRA file
    assert row["parameters"] > 1000 and row["chars_per_s"] > 0 and row["train_seconds"] > 0
    table = capsys.readouterr().out
    assert "| tiny | (trained elsewhere) |" in table


def test_from_runs_rejects_a_folder_without_a_model(tmp_path, capsys):
    assert ablation.main(["--variants", "", "--from-runs", f"x={tmp_path}", *eval_files(tmp_path)]) == 2
    assert "no trained model folder" in capsys.readouterr().err


def test_one_variant_trains_then_resumes(tmp_path, monkeypatch, capsys):
    """The none row of a tiny config, 2 steps: trained, scored, marked best; run again, not retrained."""
    config = write_tiny_config(tmp_path, "base")
    out_dir = tmp_path / "abl"
    command = ["--config", str(config), "--steps", "2", "--variants", "none", "--out-dir", str(out_dir),
               "--output", str(tmp_path / "a.json"), *eval_files(tmp_path)]
    assert ablation.main(command) == 0
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    row = report["rows"]["none"]
    assert row["trained_now"] is True and report["best_on_real_dev"] == "none"
    assert "model.lexicon=false" in row["overrides"] and "training.max_steps=2" in row["overrides"]
    assert "| **none** (best) |" in capsys.readouterr().out

    import train.trainer

    def no_training(config):
        raise AssertionError("a trained row must not be retrained")

    monkeypatch.setattr(train.trainer, "run_training", no_training)
    assert ablation.main(command) == 0
    rerun = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["rows"]["none"]
    assert rerun["trained_now"] is False and rerun["real_dev_f1"] == pytest.approx(row["real_dev_f1"])
