"""``python -m reportkit`` runs the CLI."""

from reportkit.cli import main

main()
