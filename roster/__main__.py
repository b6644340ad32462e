"""``python -m roster`` runs the command line."""

from roster.cli import main

main()
