"""`python -m b12ref`: the command line (with no arguments, the window)."""

from b12ref.cli import main

if __name__ == "__main__":
    main()
