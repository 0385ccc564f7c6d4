"""``python scripts/benchmark.py ...`` runs ``train.benchmark`` (also ``policy-ie benchmark``)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train.benchmark import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
