"""``python -m policy_ie`` is the ``policy-ie`` command."""
import sys

from .cli import main

sys.exit(main())
