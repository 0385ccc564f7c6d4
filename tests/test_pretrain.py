"""Masked-LM pretraining: masking, head on masked positions, exact resumption."""
from __future__ import annotations

import numpy as np
import torch
from safetensors.torch import load_file

from model.vocab import build_vocab
from train.pretrain import MaskedBatches, PretrainTraining, load_pretrain_config, run_pretraining

TEXT = "\n".join(
    f"{i}月{i + 3}日，某省召开全省经济工作会议，部署推动高质量发展。会议强调，要坚持稳中求进工作总基调。" for i in range(1, 13)
) * 6

CONFIG = """
data: {{files: ["{text}"]}}
model:
  architecture: {{hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}}
  vocab_min_count: 1
training:
  output_dir: {out}
  seq_length: 32
  batch_size: 4
  warmup_steps: 2
  max_steps: {steps}
  save_every: 3
  whole_word_masking: {wwm}
  seed: 3
  stop_at_step: {stop}
"""


def run(tmp_path, name, steps, wwm=False, stop=None):
    text = tmp_path / "news.txt"
    text.write_text(TEXT, encoding="utf-8")
    config = tmp_path / f"{name}.yaml"
    config.write_text(CONFIG.format(text=text, out=tmp_path / name, steps=steps, wwm=str(wwm).lower(), stop="null" if stop is None else stop), encoding="utf-8")
    return run_pretraining(load_pretrain_config(config))


def test_masking_marks_about_the_asked_share_and_only_regular_tokens():
    vocab = build_vocab([TEXT], min_count=1)
    ids = np.array(vocab.encode(TEXT * 5), dtype=np.int32)
    batches = MaskedBatches(ids, np.ones(len(ids), bool), vocab, PretrainTraining(seq_length=64, batch_size=16, mask_prob=0.15))
    batch = batches.batch(0)
    chosen = batch["labels"] != -100
    share = chosen[:, 1:-1].float().mean().item()
    assert 0.10 < share < 0.20
    assert (batch["input_ids"][:, 0] == vocab.cls_id).all() and not chosen[:, 0].any()
    assert torch.equal(batches.batch(5)["input_ids"], batches.batch(5)["input_ids"])  # a pure function of the step


def test_whole_word_masking_masks_words_as_units():
    vocab = build_vocab([TEXT], min_count=1)
    ids = np.array(vocab.encode(TEXT * 5), dtype=np.int32)
    starts = np.zeros(len(ids), bool)
    starts[::2] = True  # two-character "words"
    batches = MaskedBatches(ids, starts, vocab, PretrainTraining(seq_length=66, batch_size=8, mask_prob=0.3))
    chosen = (batches.batch(1)["labels"] != -100)[:, 1:-1].numpy()
    regular = ~np.isin(ids[: chosen.size].reshape(chosen.shape), [vocab.sep_id, vocab.unk_id])
    pairs = chosen.reshape(chosen.shape[0], -1, 2)
    both_regular = regular.reshape(pairs.shape).all(axis=2)
    assert (pairs[both_regular][:, 0] == pairs[both_regular][:, 1]).all()


def test_stopped_and_resumed_run_equals_an_uninterrupted_one(tmp_path):
    straight = run(tmp_path, "straight", steps=6)
    # interrupted after step 4 (between two checkpoints' schedule), then the same command again
    assert run(tmp_path, "resumed", steps=6, stop=4).name == "checkpoint"
    resumed = run(tmp_path, "resumed", steps=6)
    a, b = load_file(straight / "model.safetensors"), load_file(resumed / "model.safetensors")
    for key in a:
        assert torch.allclose(a[key], b[key], atol=1e-6), key
    assert (straight / "vocab.txt").is_file()


def test_the_gpu_run_prepares_here_trains_and_brings_back_small_files(tmp_path, monkeypatch):
    """scripts/device_pretrain.py end to end on the CPU, with a tiny shape: the stream is
    encoded with the given vocabulary (held-out stories left out), trained, written as shards."""
    from conftest import ROOT, load_script, make_shared
    from transformers import BertForMaskedLM

    story = "省委召开常委会会议\n" + "9月4日，省委书记王明主持召开省委常委会会议，研究部署经济工作。" * 8
    shared = make_shared(tmp_path / "shared", [story, story.replace("王明", "李强")])
    monkeypatch.setenv("POLICY_IE_SHARED", str(shared))
    script = load_script("device_pretrain")
    vocab = build_vocab([story], min_count=1)
    vocab.save(tmp_path / "vocab")
    folder = tmp_path / "carry"
    selection = tmp_path / "selection.tsv"  # the second story belongs to the real-news corpus: left out
    selection.write_text("id\tfile\tarticle\tsplit\nxwlb-2024Q3-0001\txwlb_2024Q3.txt\t1\ttrain\n", encoding="utf-8")
    script.prepare(folder, max_chars=10_000, vocab_file=tmp_path / "vocab" / "vocab.txt", selection=selection)
    stream = np.load(folder / "run" / "stream-wwm.npz")
    assert stream["ids"].dtype == np.uint16 and len(stream["ids"]) == len(story) - 1 + 2  # two lines, each + [SEP]
    out = tmp_path / "out"
    script.run(folder, seconds=600, out=out, overrides=[
        "model.architecture={hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}",
        "training.seq_length=32", "training.batch_size=4", "training.max_steps=3", "training.warmup_steps=1",
        "training.device=cpu"])
    assert all(p.stat().st_size < 16 * 2**20 for p in out.iterdir()) and (out / "vocab.txt").is_file()
    script.unpack(out, tmp_path / "final")
    model = BertForMaskedLM.from_pretrained(str(tmp_path / "final"))
    assert model.config.hidden_size == 32 and model.config.vocab_size == len(vocab)
    assert ROOT.joinpath(".gitignore").read_text().count("/.device-pretrain/") == 1


def test_raw_news_is_read_without_the_held_out_stories_and_their_headlines(tmp_path, monkeypatch):
    from conftest import QUARTERS, make_shared, write_selection
    from train.pretrain import read_pretraining_texts

    monkeypatch.delenv("POLICY_IE_SHARED", raising=False)
    shared = make_shared(tmp_path / "shared", files=QUARTERS)
    selection = write_selection(tmp_path / "selection.tsv", [
        ("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "dev"),   # its headline is broadcast again as Q4 story 1
        ("xwlb-2024Q3-0002", "xwlb_2024Q3.txt", 2, "train"),  # real-train is pretraining text like any other
    ])
    other = tmp_path / "extra.txt"
    other.write_text("一段自己写的文字。\n", encoding="utf-8")
    config_file = tmp_path / "pretrain.yaml"
    config_file.write_text(
        f'data: {{files: ["{{shared}}/corpora/raw_news/*.txt", "{other}"], shared_dir: "{shared}", selection: "{selection}"}}\n'
        f"training: {{output_dir: {tmp_path / 'out'}}}\n",
        encoding="utf-8",
    )
    config = load_pretrain_config(config_file)
    paths = [p for pattern in config.data.files for p in config.resolve(pattern)]
    text = "\n".join(read_pretraining_texts(config, paths))
    assert "王明" not in text and "研究部署安全生产工作" not in text  # the dev story and its rebroadcast
    assert "全国防汛会商会" in text and "李华" in text and "赵平" in text and "一段自己写的文字。" in text

    config.data.held_out = []
    assert "王明" in "\n".join(read_pretraining_texts(config, paths))
