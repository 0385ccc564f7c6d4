"""The bigram feature: ids per character, its files, the tagger input, and a trained model on both backends."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from conftest import DATA_DIR, make_shared, reference_tags, write_tiny_config
from model.bigrams import BIGRAMS_FILE, NO_BIGRAM, Bigrams
from model.errors import ConfigError, ModelFilesError
from model.inference import _tag_ids, load_model, predict
from model.tagger import BertTagger
from train.config import load_config
from train.embeddings import EmbeddingArguments, bigram_table, read_vectors, train_vectors
from train.trainer import run_training

TEXT = "省委书记王明主持召开省委常委会会议，传达学习全国两会精神。"


def test_each_character_gets_the_bigram_ending_and_the_one_starting_there() -> None:
    bigrams = Bigrams(["王明", "省委", "书记"])
    ids = bigrams.ids("省委书记王明说")
    assert ids.shape == (7, 2) and ids.dtype == np.int64
    省委, 书记, 王明 = bigrams.index["省委"], bigrams.index["书记"], bigrams.index["王明"]
    assert ids[:, 0].tolist() == [NO_BIGRAM, 省委, NO_BIGRAM, 书记, NO_BIGRAM, 王明, NO_BIGRAM]
    assert ids[:, 1].tolist() == [省委, NO_BIGRAM, 书记, NO_BIGRAM, 王明, NO_BIGRAM, NO_BIGRAM]
    assert bigrams.ids("王").tolist() == [[0, 0]] and bigrams.ids("").shape == (0, 2)
    assert len(bigrams) == 4  # three bigrams and the "no bigram" row


def test_bigram_files_round_trip_and_bad_files_name_the_line(tmp_path: Path) -> None:
    Bigrams(["王明", "省委"]).save(tmp_path)
    assert Bigrams.load(tmp_path).bigrams == ["王明", "省委"]
    (tmp_path / BIGRAMS_FILE).write_text("王明\n省委会\n", encoding="utf-8")
    with pytest.raises(ModelFilesError, match=r"bigrams.txt, line 2: expected one bigram"):
        Bigrams.load(tmp_path)
    (tmp_path / BIGRAMS_FILE).write_text("王明\n王明\n", encoding="utf-8")
    with pytest.raises(ModelFilesError, match="repeats"):
        Bigrams.load(tmp_path)
    with pytest.raises(ModelFilesError, match="bigram list is missing"):
        Bigrams.load(tmp_path / "elsewhere")


def test_bigram_vectors_are_trained_on_the_news_and_read_most_frequent_first(tmp_path: Path) -> None:
    shared = make_shared(tmp_path / "shared", [TEXT, "王明出席会议。\n王明强调，要抓好落实。"])
    path = train_vectors(EmbeddingArguments(output=str(tmp_path / "b.txt"), shared_dir=str(shared), dim=6,
                                            min_count=1, epochs=1, unit="bigram"))
    vectors = read_vectors(path)
    assert "王明" in vectors and all(len(token) == 2 for token in vectors)
    assert next(iter(vectors)) == "王明"  # the most frequent bigram of the two stories comes first
    bigrams, matrix = bigram_table(path, max_size=5)
    assert bigrams.bigrams == list(vectors)[:5]
    assert matrix.shape == (6, 6) and not matrix[0].any()
    assert np.allclose(matrix[1], vectors["王明"])
    with pytest.raises(ConfigError, match="unit must be one of"):
        EmbeddingArguments(unit="word")


def test_the_tagger_reads_bigram_ids_and_asks_for_them() -> None:
    from transformers import BertConfig

    config = BertConfig(vocab_size=20, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
                        num_labels=3, id2label={0: "O", 1: "B-PER", 2: "I-PER"}, bigram_vocab_size=9, bigram_dim=4)
    tagger = BertTagger(config).eval()
    ids = torch.tensor([[2, 5, 6, 3]])
    none, some = torch.zeros((1, 4, 2), dtype=torch.long), torch.tensor([[[0, 0], [0, 4], [4, 0], [0, 0]]])
    assert torch.allclose(tagger.bigram_embeddings.weight[0], torch.zeros(4))  # "no bigram" adds nothing
    assert not torch.allclose(tagger(input_ids=ids, bigram_ids=none).logits, tagger(input_ids=ids, bigram_ids=some).logits)
    with pytest.raises(ValueError, match="bigram_ids"):
        tagger(input_ids=ids)


def _write_vectors(path: Path, dim: int = 8) -> Path:
    """Random vectors for the 400 most frequent bigrams of the written training split."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for line in (DATA_DIR / "train.jsonl").read_text(encoding="utf-8").splitlines():
        text = "".join(c for c in json.loads(line)["text"] if not c.isspace())
        counts.update(a + b for a, b in zip(text, text[1:]))
    rng = np.random.default_rng(0)
    rows = [f"{bigram} " + " ".join(f"{x:.4f}" for x in rng.normal(size=dim)) for bigram, _ in counts.most_common(400)]
    path.write_text(f"{len(rows)} {dim}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bigram_model(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bigram")
    vectors = _write_vectors(tmp / "vectors.txt")
    config = load_config(write_tiny_config(tmp, "model", lexicon=True),
                         [f"model.bigram_vectors={vectors}", "model.bigram_max_size=300"])
    return run_training(config)


def test_a_bigram_model_saves_its_list_and_predicts_alike_on_both_backends(bigram_model: Path) -> None:
    from model.onnx_export import export_onnx

    assert Bigrams.load(bigram_model).bigrams == list(read_vectors(bigram_model.parent / "vectors.txt"))[:300]
    torch_model = load_model(bigram_model, backend="torch")
    assert torch_model.bigrams is not None and torch_model.tagger.bigram_embeddings.num_embeddings == 301
    article = json.loads((DATA_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()[0])["text"]
    # the batched, windowed path feeds the same bigram ids as one plain forward pass over a stretch
    (ids, _), = _tag_ids(torch_model, [article[:60]])
    assert [torch_model.tags[i] for i in ids] == reference_tags(torch_model, article[:60])
    record = export_onnx(bigram_model, int8=False)
    assert record["inputs"] == ["input_ids", "attention_mask", "lexicon_features", "bigram_ids"]
    onnx_model = load_model(bigram_model, backend="onnx")
    assert [(e.start, e.end, e.label) for e in predict(article, model=onnx_model).entities] == \
           [(e.start, e.end, e.label) for e in predict(article, model=torch_model).entities]


def test_a_bigram_model_with_a_list_of_another_size_is_refused(bigram_model: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(bigram_model, folder)
    (folder / BIGRAMS_FILE).write_text("王明\n", encoding="utf-8")
    with pytest.raises(ModelFilesError, match="bigrams.txt gives 2 rows"):
        load_model(folder, backend="torch")
    (folder / BIGRAMS_FILE).unlink()
    with pytest.raises(ModelFilesError, match="bigram list is missing"):
        load_model(folder, backend="torch")
