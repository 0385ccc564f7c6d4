"""The character tagger: a BERT-family encoder, a linear layer, optionally a CRF.

It is a ``PreTrainedModel`` so that ``save_pretrained``/``from_pretrained``,
the Trainer and hub checkpoints (bert-base-chinese, chinese-roberta-wwm-ext)
work as usual; the tag map lives in ``config.id2label`` and the head choice in
``config.use_crf``.

Inputs are one token per character framed by [CLS] ... [SEP]; ``char_mask``
marks the character positions. Labels use -100 outside characters.
"""
from __future__ import annotations

import torch
from torch import nn
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers import initialization as init
from transformers.modeling_outputs import TokenClassifierOutput

from .crf import ConstrainedCRF, iob2_constraints, viterbi_decode


class BertTagger(BertPreTrainedModel):
    """BERT encoder + per-character tag scores (+ CRF when ``config.use_crf``)."""

    config_class = BertConfig

    def __init__(self, config: BertConfig):
        super().__init__(config)
        self.num_labels = config.num_labels
        self.bert = BertModel(config, add_pooling_layer=False)
        dropout = getattr(config, "classifier_dropout", None)
        self.dropout = nn.Dropout(config.hidden_dropout_prob if dropout is None else dropout)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.tags = [config.id2label[i] for i in range(config.num_labels)]
        self.crf = ConstrainedCRF(self.tags) if getattr(config, "use_crf", False) else None
        # Lexicon features (model.lexicon): multi-hot per character, projected
        # into the embedding space and added to the character embeddings.
        lexicon_dim = int(getattr(config, "lexicon_dim", 0) or 0)
        self.lexicon_projection = nn.Linear(lexicon_dim, config.hidden_size, bias=False) if lexicon_dim else None
        # Bigram features (model.bigrams): the embeddings of the bigram ending and
        # the one starting at each character, concatenated, projected and added too.
        bigram_rows = int(getattr(config, "bigram_vocab_size", 0) or 0)
        bigram_dim = int(getattr(config, "bigram_dim", 0) or 0)
        if bigram_rows and bigram_dim:
            self.bigram_embeddings = nn.Embedding(bigram_rows, bigram_dim, padding_idx=0)
            self.bigram_projection = nn.Linear(2 * bigram_dim, config.hidden_size, bias=False)
        else:
            self.bigram_embeddings = self.bigram_projection = None
        self._softmax_constraints: dict[torch.device, tuple[torch.Tensor, torch.Tensor]] = {}
        self.post_init()

    def _init_weights(self, module: nn.Module) -> None:
        super()._init_weights(module)
        if isinstance(module, ConstrainedCRF):
            for parameter in (module.start_transitions, module.end_transitions, module.transitions):
                init.zeros_(parameter)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        char_mask: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        lexicon_features: torch.Tensor | None = None,
        bigram_ids: torch.Tensor | None = None,
        allowed_tags: torch.Tensor | None = None,
        **kwargs,
    ) -> TokenClassifierOutput:
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if self.lexicon_projection is not None or self.bigram_projection is not None:
            embeddings = self.bert.embeddings.word_embeddings(input_ids)
            if self.lexicon_projection is not None:
                if lexicon_features is None:
                    raise ValueError("this model uses lexicon features: pass lexicon_features")
                embeddings = embeddings + self.lexicon_projection(lexicon_features.to(embeddings.dtype))
            if self.bigram_projection is not None:
                if bigram_ids is None:
                    raise ValueError("this model uses bigram features: pass bigram_ids")
                pairs = self.bigram_embeddings(bigram_ids).flatten(start_dim=2)  # (batch, length, 2 * dim)
                embeddings = embeddings + self.bigram_projection(pairs.to(embeddings.dtype))
            hidden = self.bert(inputs_embeds=embeddings, attention_mask=attention_mask).last_hidden_state
        else:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits = self.classifier(self.dropout(hidden))
        loss = None
        if labels is not None:
            loss = self.loss(logits, labels, char_mask, allowed_tags)
        return TokenClassifierOutput(loss=loss, logits=logits)

    def loss(
        self,
        logits: torch.Tensor,
        labels: torch.Tensor,
        char_mask: torch.Tensor | None,
        allowed_tags: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """CRF negative log-likelihood, or cross-entropy for the softmax head.

        ``allowed_tags`` (batch, length, tags) carries partial labels (a
        public corpus without some labels): the loss then maximises the
        probability of the allowed tag set rather than of one tag.
        """
        if char_mask is None:
            char_mask = labels != -100
        if self.crf is None:
            log_probs = torch.log_softmax(logits.float(), dim=-1)
            if allowed_tags is None:
                allowed_tags = nn.functional.one_hot(labels.clamp(min=0), self.num_labels).bool()
            gold = torch.logsumexp(log_probs.masked_fill(~allowed_tags, -1e4), dim=-1)
            return -(gold * char_mask).sum() / char_mask.sum().clamp(min=1)
        # Characters start at position 1 (after [CLS]) and are contiguous.
        allowed = allowed_tags[:, 1:] if allowed_tags is not None else None
        return self.crf.neg_log_likelihood(logits[:, 1:], labels[:, 1:].clamp(min=0), char_mask[:, 1:], allowed)

    @torch.no_grad()
    def tag_probabilities(self, logits: torch.Tensor, char_mask: torch.Tensor) -> torch.Tensor:
        """Per-character tag probabilities of the character positions
        (CRF marginals, or the softmax of the emissions for the softmax head)."""
        emissions, mask = logits[:, 1:], char_mask[:, 1:]
        if self.crf is not None:
            return self.crf.marginals(emissions, mask)
        return torch.softmax(emissions.float(), dim=-1) * mask.unsqueeze(2)

    @torch.no_grad()
    def decode(self, logits: torch.Tensor, char_mask: torch.Tensor) -> list[list[int]]:
        """Tag ids of the character positions of each row, IOB2-valid.

        ``logits`` and ``char_mask`` cover the whole window ([CLS] included).
        """
        emissions, mask = logits[:, 1:], char_mask[:, 1:]
        if self.crf is not None:
            return self.crf.decode(emissions, mask)
        device = logits.device
        if device not in self._softmax_constraints:
            allowed, starts = iob2_constraints(self.tags)
            self._softmax_constraints[device] = (allowed.to(device), starts.to(device))
        allowed, starts = self._softmax_constraints[device]
        zeros = torch.zeros(len(self.tags), device=device)
        transitions = torch.zeros(allowed.shape, device=device).masked_fill(~allowed, -1e4)
        start = zeros.masked_fill(~starts, -1e4)
        return viterbi_decode(torch.log_softmax(emissions.float(), dim=-1), mask, transitions, start, zeros)
