"""Start Debrief from a checkout: `python main.py [--data-dir DIR] [COMMAND …]`.

It only starts things; the order is documented in ui/entry.py (installed, the same function is
the `debrief` command).
"""

from __future__ import annotations

import sys

from ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
