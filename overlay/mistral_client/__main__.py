"""`python -m mistral_client`: the `mistral` command line."""

from __future__ import annotations

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
