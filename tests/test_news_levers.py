"""What the raw news teaches for free: mined gazetteers and character vectors."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from conftest import make_shared
from model.errors import ConfigError
from train import gazetteers as gz
from train.embeddings import EmbeddingArguments, init_char_embeddings, load_arguments, read_vectors, train_vectors
from train.lexicon_build import CATEGORIES, build_lexicon
from train.real_news import RawNews

NEWS = [
    "王明主持召开座谈会\n省委书记王明主持召开座谈会。省委书记王明强调，要抓落实。",
    "王明出席\n省委书记王明出席会议。会议由国家发展改革委召开。国家发展改革委召开新闻发布会。",
    "外交\n美国总统唐纳德·特朗普表示。总统唐纳德·特朗普通电话。国家发展改革委主任出席。",
    "评论\n总书记重要讲话。国家发展改革委、国家发展改革委、国家发展改革委。",
]


def test_each_miner_finds_its_entry_and_not_the_words_around_it() -> None:
    text = "省委书记王明主持会议，国务院总理李强出席。总统唐纳德·特朗普表示。召开全省安全生产电视电话会议。"
    found = {miner.category: list(miner.entries(text)) for miner in gz.MINERS}
    assert found["news_per"] == ["王明", "李强"]
    assert found["news_foreign_per"] == ["唐纳德·特朗普"]
    assert found["news_meeting"] == ["全省安全生产电视电话会议"]


def test_plausible_filters_phrases_that_are_no_names() -> None:
    assert gz.plausible("news_per", "王明")
    assert not gz.plausible("news_per", "重要")  # 总书记重要讲话: no surname
    assert not gz.plausible("news_org", "中央和国家机关有关部")
    assert gz.plausible("news_org", "国家发展改革委")


def test_mining_counts_thresholds_and_leaves_out_evaluation_stories(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path, NEWS))
    mined = gz.mine(raw, excluded=set())
    assert mined["news_per"]["王明"] == 3  # 3 times in 2 stories: kept
    assert "唐纳德·特朗普" in mined["news_foreign_per"]
    assert mined["news_org"]["国家发展改革委"] >= 5
    without = gz.mine(raw, excluded={"xwlb-2024Q3-0000"})
    assert "王明" not in without["news_per"]  # 1 time left: below the threshold


def test_gazetteer_file_round_trip_and_lexicon_categories(tmp_path: Path) -> None:
    path = tmp_path / "gazetteers.tsv"
    gz.write_gazetteers(path, {"news_per": {"王明": 3}, "news_org": {"国家发展改革委": 6}})
    entries = gz.read_gazetteers(path)
    assert entries["王明"] == {"news_per"} and "country" in entries["美国"]
    lexicon = build_lexicon(use_jieba=False, gazetteers=path)
    assert lexicon.categories[: len(CATEGORIES)] == CATEGORIES
    assert set(lexicon.categories[len(CATEGORIES):]) == {"country", "news_org", "news_per"}
    features = lexicon.features("省委书记王明")
    column = lexicon.feature_names().index("news_per:B")
    assert features[4, column] == 1 and features[:4, column].sum() == 0
    (tmp_path / "bad.tsv").write_text("王明\tnews_per\n", encoding="utf-8")
    with pytest.raises(Exception, match="bad.tsv.*line 1"):
        gz.read_gazetteers(tmp_path / "bad.tsv")


def test_character_vectors_are_deterministic_and_fill_embedding_rows(tmp_path: Path) -> None:
    shared = make_shared(tmp_path / "shared", NEWS)
    args = [EmbeddingArguments(output=str(tmp_path / f"v{i}.txt"), shared_dir=str(shared), dim=8, min_count=1, epochs=2)
            for i in range(2)]
    first, second = (train_vectors(a) for a in args)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    vectors = read_vectors(first)
    assert "王" in vectors and vectors["王"].shape == (8,)
    embedding = torch.nn.Embedding(5, 8)
    torch.nn.init.normal_(embedding.weight, std=0.02)
    before = embedding.weight.detach().clone()
    rows = init_char_embeddings(embedding, {"[PAD]": 0, "王": 1, "明": 2, "☃": 3}, first)
    assert rows == 2
    assert not torch.equal(embedding.weight[1], before[1]) and torch.equal(embedding.weight[3], before[3])
    direction = torch.nn.functional.cosine_similarity(embedding.weight[1], torch.from_numpy(vectors["王"]), dim=0)
    assert direction > 0.999
    with pytest.raises(ConfigError, match="size 8"):
        init_char_embeddings(torch.nn.Embedding(5, 16), {"王": 1}, first)


def test_embedding_options_fail_fast_on_unknown_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dimension.*allowed"):
        load_arguments(None, ["dimension=64"])
    assert load_arguments(None, ["dim=64"]).dim == 64
