"""`python -m rembuk …` is the `rembuk` command (how `rembuk serve` starts its own processes)."""

from rembuk.cli import main

main()
