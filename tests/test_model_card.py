"""The shipped model card's reproduce commands name what the shipped training config says."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from train.config import load_config

DEFAULT = Path(__file__).resolve().parents[1] / "model" / "resources" / "default"
ROOT = DEFAULT.parents[2]


def test_card_commands_match_the_shipped_config() -> None:
    card = (DEFAULT / "MODEL_CARD.md").read_text(encoding="utf-8")
    shipped = yaml.safe_load((DEFAULT / "training_config.yaml").read_text(encoding="utf-8"))
    shipped_from = re.search(r"scripts/ship_model\.py (\S+?)`", card)
    assert shipped_from is not None, "the card names no ship_model.py command"
    assert shipped_from.group(1) == shipped["training"]["output_dir"]
    # the last `python -m train --config X` of the card is the shipped run: same settings
    configs = re.findall(r"python -m train\s+--config (configs/\S+?\.yaml)", card)
    assert configs, "the card names no training command"
    assert load_config(ROOT / configs[-1]).to_dict() == shipped
    # a stage that continues a checkpoint continues the folder the previous stage writes
    if shipped["model"]["name_or_path"] and len(configs) > 1:
        assert load_config(ROOT / configs[-2]).training.output_dir == shipped["model"]["name_or_path"]
