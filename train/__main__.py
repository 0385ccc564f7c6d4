"""``python -m train --config configs/NAME.yaml [section.key=value ...]``"""
from __future__ import annotations

import argparse
import logging
import sys

from model.errors import PolicyIEError

from .config import load_config
from .trainer import run_training


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m train", description="Train a policy-ie tagger from a YAML config.")
    parser.add_argument("--config", required=True, help="YAML config file (see configs/)")
    parser.add_argument("overrides", nargs="*", help="overrides as section.key=value, e.g. training.epochs=2")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config, args.overrides)
        output = run_training(config)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"saved model to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
