"""Train a character tagger from a :class:`~train.config.Config` with the
transformers Trainer; keep the checkpoint with the best dev entity F1 (article
level, as ``python -m train.evaluate`` reports it: :class:`ArticleEntityF1`).

The saved folder holds everything ``model.load_model`` needs: weights,
``config.json`` (tag map, CRF switch, window settings), ``vocab.txt``, the
training config (``training_config.yaml``) and the dev metrics
(``metrics.json``).
"""
from __future__ import annotations

import json
import logging
import os
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import yaml
from datasets import Dataset
from transformers import BertConfig, EvalPrediction, Trainer, set_seed
from transformers import TrainingArguments as HFTrainingArguments

from model.bigrams import Bigrams
from model.errors import ConfigError
from model.lexicon import Lexicon
from model.tagger import BertTagger
from model.tagging import IOB2
from model.vocab import CharVocab, build_vocab

from .annotations import Article, read_articles, read_ner_corpus, resolve_label_map
from .config import Config, DataSource
from .features import CharCollator, build_examples

if TYPE_CHECKING:
    from .entity_gazetteer import JackknifedLexicons

logger = logging.getLogger(__name__)

TRAINING_CONFIG_FILE = "training_config.yaml"
METRICS_FILE = "metrics.json"


def load_source(config: Config, source: DataSource) -> list[Article]:
    """Read one configured source; check its labels against the model's."""
    path = config.resolve_path(source.path)
    if source.format == "articles":
        articles = read_articles(path)
    else:
        articles = read_ner_corpus(path, source.label_map)
    if source.limit is not None:
        articles = articles[: source.limit]
    labels = set(config.model.labels)
    unlabeled = source.unlabeled
    if unlabeled is None and source.format == "ner":
        targets = {t for t in resolve_label_map(source.label_map).values() if t is not None}
        unlabeled = [label for label in config.model.labels if label not in targets]
    if unlabeled:
        unknown = sorted(set(unlabeled) - labels)
        if unknown:
            raise ConfigError(f"{path}: unlabeled names labels the model lacks: {', '.join(unknown)}")
        for article in articles:
            article.unlabeled = tuple(unlabeled)
    for article in articles:
        for entity in article.entities:
            if entity.label not in labels:
                raise ConfigError(
                    f"{path}: article {article.id!r} has label {entity.label!r}, which model.labels "
                    f"({', '.join(config.model.labels)}) lacks; map it in label_map"
                )
    return articles * source.repeat


def load_sources(config: Config, sources: Sequence[DataSource]) -> list[Article]:
    articles: list[Article] = []
    for source in sources:
        articles.extend(load_source(config, source))
    return articles


def _texts_of_file(path: Path) -> list[str]:
    """Texts for build_vocab: JSONL with a "text" field, or plain text."""
    if path.suffix == ".jsonl":
        texts = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    texts.append(json.loads(line).get("text", ""))
        return texts
    return [path.read_text(encoding="utf-8")]


def make_vocab(config: Config, train_articles: Sequence[Article]) -> CharVocab:
    if config.model.vocab is not None:
        return CharVocab.from_file(config.resolve_path(config.model.vocab))
    if config.model.name_or_path is not None:
        return CharVocab.from_pretrained(config.model.name_or_path)
    texts = [article.text for article in train_articles]
    for pattern in config.model.vocab_extra_files:
        resolved = config.resolve_path(pattern)
        files = sorted(resolved.parent.glob(resolved.name)) if any(c in resolved.name for c in "*?[") else [resolved]
        if not files:
            raise ConfigError(f"model.vocab_extra_files: nothing matches {resolved}")
        for file in files:
            texts.extend(_texts_of_file(file))
    return build_vocab(texts, min_count=config.model.vocab_min_count)


def make_lexicon(config: Config) -> Lexicon | None:
    if not config.model.lexicon:
        return None
    from .lexicon_build import build_lexicon

    gazetteers = config.model.lexicon_gazetteers
    return build_lexicon(config.model.lexicon_min_word_freq, gazetteers=config.resolve_path(gazetteers) if gazetteers else None)


def entity_lexicons(config: Config, articles: list[Article], lexicon: Lexicon | None) -> JackknifedLexicons | None:
    """With ``model.lexicon_entities``, the lexicon extended by the training data's own
    entities, jackknifed over folds (:mod:`train.entity_gazetteer`); else None."""
    if not config.model.lexicon_entities or lexicon is None:
        return None
    from .entity_gazetteer import EntityGazetteerOptions, jackknife

    options = EntityGazetteerOptions.from_config(config.model.lexicon_entities)
    lexicons = jackknife(lexicon, articles, config.model.labels, options)
    logger.info("entity gazetteer: %d strings in %d categories, %d folds", lexicons.entries, len(config.model.labels), options.folds)
    return lexicons


def make_bigrams(config: Config) -> tuple[Bigrams, np.ndarray] | tuple[None, None]:
    """The bigram list and its initial embeddings, from ``model.bigram_vectors`` (or none)."""
    if not config.model.bigram_vectors:
        return None, None
    from .embeddings import bigram_table

    path = config.resolve_path(config.model.bigram_vectors)
    bigrams, vectors = bigram_table(path, config.model.bigram_max_size)
    logger.info("bigram feature: %d bigrams x %d from %s", len(bigrams) - 1, vectors.shape[1], path)
    return bigrams, vectors


def make_model(
    config: Config, vocab: CharVocab, scheme: IOB2, lexicon: Lexicon | None = None, bigram_vectors: np.ndarray | None = None
) -> BertTagger:
    """A tagger built from an architecture block or from a pretrained checkpoint; with
    ``bigram_vectors`` (:func:`make_bigrams`), its bigram embeddings start from them."""
    settings = {
        "lexicon_dim": lexicon.dim if lexicon is not None else 0,
        "bigram_vocab_size": bigram_vectors.shape[0] if bigram_vectors is not None else 0,
        "bigram_dim": bigram_vectors.shape[1] if bigram_vectors is not None else 0,
        "num_labels": len(scheme),
        "id2label": scheme.id_to_tag,
        "label2id": dict(scheme.tag_to_id),
        "use_crf": config.model.use_crf,
        "policy_ie": {"max_length": config.model.max_length, "stride": config.model.stride},
    }
    if config.model.name_or_path is None:
        architecture = dict(config.model.architecture or {})
        architecture.setdefault("max_position_embeddings", max(512, config.model.max_length))
        vocab_size = architecture.pop("vocab_size", len(vocab))
        if vocab_size < len(vocab):
            raise ConfigError(f"model.architecture.vocab_size {vocab_size} is below the vocabulary's {len(vocab)} entries")
        bert_config = BertConfig(vocab_size=vocab_size, pad_token_id=vocab.pad_id, **architecture, **settings)
        model = BertTagger(bert_config)
        if config.model.char_vectors:
            from .embeddings import init_char_embeddings

            path = config.resolve_path(config.model.char_vectors)
            rows = init_char_embeddings(model.bert.embeddings.word_embeddings, vocab.token_to_id, path)
            logger.info("character embeddings: %d of %d rows from %s", rows, len(vocab), path)
    else:
        bert_config = BertConfig.from_pretrained(config.model.name_or_path, **config.model.config_overrides, **settings)
        for key, expected in (config.model.architecture or {}).items():
            actual = getattr(bert_config, key, None)
            if key not in config.model.config_overrides and actual != expected:
                logger.warning("%s: %s is %r, the config's architecture says %r", config.model.name_or_path, key, actual, expected)
        model = BertTagger.from_pretrained(config.model.name_or_path, config=bert_config)
        if bert_config.vocab_size < len(vocab):
            raise ConfigError(
                f"vocabulary has {len(vocab)} entries but {config.model.name_or_path} has {bert_config.vocab_size} embeddings"
            )
    if bigram_vectors is not None:
        from .embeddings import init_bigram_embeddings

        init_bigram_embeddings(model.bigram_embeddings, bigram_vectors)
    if config.model.max_length > model.config.max_position_embeddings:
        raise ConfigError(
            f"model.max_length {config.model.max_length} exceeds max_position_embeddings {model.config.max_position_embeddings}"
        )
    return model


class ArticleEntityF1:
    """``compute_metrics`` for the Trainer: the article-level entity micro F1 that
    ``python -m train.evaluate`` reports for the same model and dev articles.

    The Trainer hands over per-window logits; scoring windows apart (each its own
    sequence, a span cut by a window edge counted twice or not at all) gave a dev
    F1 that differed from the one reported. So the windows' predictions are not
    used: the model in training is wrapped as a :class:`model.inference.LoadedModel`
    and :func:`train.evaluate.evaluate_articles` runs predict() on the dev
    articles (windows merged back into articles, the rules of model.postprocess),
    the figure checkpoints are chosen on and metrics.json holds.
    """

    def __init__(self, model: BertTagger, vocab: CharVocab, config: Config, articles: Sequence[Article],
                 lexicon: Lexicon | None = None, bigrams: Bigrams | None = None):
        self.model, self.vocab, self.config, self.articles = model, vocab, config, articles
        self.lexicon, self.bigrams = lexicon, bigrams

    def __call__(self, prediction: EvalPrediction) -> dict[str, float]:
        from model.inference import LoadedModel
        from model.torch_backend import TorchBackend

        from .evaluate import evaluate_articles

        backend = TorchBackend(self.model, self.model.device)
        loaded = LoadedModel(backend=backend, decoder=backend.decoder(), vocab=self.vocab,
                             max_length=self.config.model.max_length, stride=self.config.model.stride,
                             path=self.config.training.output_dir, lexicon=self.lexicon, bigrams=self.bigrams)
        mode = self.model.training
        self.model.eval()
        try:
            micro = evaluate_articles(self.articles, loaded)["entities"]["micro"]
        finally:
            self.model.train(mode)
        return {"precision": micro["precision"], "recall": micro["recall"], "f1": micro["f1"]}


def _optimizer(model: BertTagger, config: Config) -> torch.optim.Optimizer | None:
    """AdamW with a separate learning rate for the head (classifier + CRF)."""
    head_lr = config.training.head_learning_rate
    if head_lr is None:
        return None
    head, body = [], []
    for name, parameter in model.named_parameters():
        (head if name.startswith(("classifier", "crf")) else body).append(parameter)
    groups = [
        {"params": body, "lr": config.training.learning_rate, "weight_decay": config.training.weight_decay},
        {"params": head, "lr": head_lr, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups)


def data_parallel(args: HFTrainingArguments) -> dict[str, int]:
    """How many processes train and the batch one optimizer step sees (recorded in metrics.json).

    ``world_size`` comes from the launcher (``accelerate launch --multi_gpu``,
    ``torchrun``); each process takes ``per_device_batch_size`` examples per
    forward pass and steps every ``gradient_accumulation_steps`` passes.
    """
    world, per_device, accumulation = args.world_size, args.per_device_train_batch_size, args.gradient_accumulation_steps
    return {"world_size": world, "per_device_batch_size": per_device, "gradient_accumulation_steps": accumulation,
            "effective_batch_size": per_device * world * accumulation}


def _warn_single_cpu_launch(world_size: int) -> None:
    """``accelerate launch --cpu --num_processes N`` without ``--mpirun_hostfile`` starts one process, not N:
    accelerate's simple launcher sets MASTER_ADDR but no WORLD_SIZE. Say so rather than train alone silently."""
    if world_size == 1 and os.environ.get("ACCELERATE_USE_CPU", "").lower() == "true" and "MASTER_ADDR" in os.environ:
        logger.warning("accelerate launch --cpu started one process (multi-CPU needs --mpirun_hostfile); for "
                       "data-parallel training on CPUs use `accelerate launch --multi_gpu --num_processes N` "
                       "with CUDA_VISIBLE_DEVICES='' (torchrun, gloo), see the README")


def run_training(config: Config) -> Path:
    """Train, keep the best checkpoint by dev entity F1, save it; return its folder."""
    args = config.training
    if args.num_threads:
        torch.set_num_threads(args.num_threads)
    set_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    train_articles = load_sources(config, config.data.train)
    dev_articles = load_sources(config, config.data.dev)
    self_training_summary = None
    if config.data.self_training:
        from .self_training import SelfTrainingOptions, pseudo_label

        try:
            options = SelfTrainingOptions(**config.data.self_training)
        except TypeError as error:
            raise ConfigError(f"data.self_training: {error}") from error
        pseudo, self_training_summary = pseudo_label(options, str(config.shared_dir()))
        logger.info("self-training: %s", self_training_summary)
        train_articles = train_articles + pseudo
    if config.data.augment:
        from .augment import augment_articles

        train_articles = augment_articles(train_articles, seed=args.seed, **config.data.augment)
    scheme = IOB2(config.model.labels)
    vocab = make_vocab(config, train_articles)
    lexicon = make_lexicon(config)
    jackknifed = entity_lexicons(config, train_articles, lexicon)
    if jackknifed is not None:
        lexicon = jackknifed.full  # what the model reads at inference and keeps in its folder
    bigrams, bigram_vectors = make_bigrams(config)
    model = make_model(config, vocab, scheme, lexicon, bigram_vectors)
    logger.info("model: %d parameters, vocabulary %d, tags %d", model.num_parameters(), len(vocab), len(scheme))

    window = (config.model.max_length, config.model.stride)
    train_examples = build_examples(train_articles, vocab, scheme, *window, lexicon, bigrams,
                                    lexicon_for=jackknifed.for_article if jackknifed is not None else None)
    dev_examples = build_examples(dev_articles, vocab, scheme, *window, lexicon, bigrams)
    train_dataset = Dataset.from_list(train_examples)
    dev_dataset = Dataset.from_list(dev_examples) if dev_examples else None
    evaluate = dev_dataset is not None and args.eval_each_epoch

    output_dir = Path(args.output_dir)
    checkpoint_dir = output_dir / "checkpoints"
    hf_args = HFTrainingArguments(
        output_dir=str(checkpoint_dir),
        num_train_epochs=args.epochs,
        max_steps=args.max_steps,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation_steps,
        per_device_eval_batch_size=args.eval_batch_size,
        learning_rate=args.learning_rate,
        weight_decay=args.weight_decay,
        warmup_steps=args.warmup,
        seed=args.seed,
        data_seed=args.seed,
        logging_steps=args.logging_steps,
        eval_strategy="epoch" if evaluate else "no",
        save_strategy="epoch",
        save_total_limit=1 if evaluate else 2,
        load_best_model_at_end=evaluate,
        metric_for_best_model="f1" if evaluate else None,
        greater_is_better=True,
        train_sampling_strategy="group_by_length" if args.group_by_length else "random",
        length_column_name="length",
        use_cpu=not torch.cuda.is_available(),
        report_to="none",
        disable_tqdm=args.disable_tqdm,
        dataloader_num_workers=0,
        save_only_model=False,
        remove_unused_columns=False,  # the collator reads the sparse lexicon columns
    )
    optimizer = _optimizer(model, config)
    trainer = Trainer(
        model=model,
        args=hf_args,
        train_dataset=train_dataset,
        eval_dataset=dev_dataset,
        data_collator=CharCollator(vocab.pad_id, lexicon.dim if lexicon is not None else 0, len(scheme), bigrams is not None),
        compute_metrics=ArticleEntityF1(model, vocab, config, dev_articles, lexicon, bigrams) if dev_dataset is not None else None,
        optimizers=(optimizer, None),
    )
    parallel = data_parallel(trainer.args)
    if trainer.is_world_process_zero():
        logger.info("data parallel: %d process(es) (%s); batch %d per process x %d process(es) x accumulation %d "
                    "= %d examples per optimizer step",
                    parallel["world_size"], trainer.args.parallel_mode.value, parallel["per_device_batch_size"],
                    parallel["world_size"], parallel["gradient_accumulation_steps"], parallel["effective_batch_size"])
    _warn_single_cpu_launch(parallel["world_size"])
    resume = args.resume and checkpoint_dir.is_dir() and any(checkpoint_dir.glob("checkpoint-*"))
    result = trainer.train(resume_from_checkpoint=True if resume else None)
    metrics: dict[str, Any] = {"train": result.metrics, "train_examples": len(train_examples), **parallel}
    if self_training_summary is not None:
        metrics["self_training"] = self_training_summary
    if dev_dataset is not None:
        metrics["dev"] = trainer.evaluate()  # every process takes part (the predictions are gathered)
    if trainer.is_world_process_zero():  # one writer of the model folder, however many processes trained
        save_model(trainer.model, vocab, config, output_dir, metrics, lexicon, bigrams)
        if not args.keep_checkpoints:
            shutil.rmtree(checkpoint_dir, ignore_errors=True)
    return output_dir


def save_model(
    model: BertTagger, vocab: CharVocab, config: Config, folder: Path, metrics: dict[str, Any],
    lexicon: Lexicon | None = None, bigrams: Bigrams | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    vocab.save(folder)
    if lexicon is not None:
        lexicon.save(folder)
    if bigrams is not None:
        bigrams.save(folder)
    (folder / TRAINING_CONFIG_FILE).write_text(
        yaml.safe_dump(config.to_dict(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (folder / METRICS_FILE).write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")

