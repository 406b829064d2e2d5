"""Open the b12ref window: `python main.py [--screenshot FILE.png ...]`."""

import sys

from b12ref.ui.app import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
