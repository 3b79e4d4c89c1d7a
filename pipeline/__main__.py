"""``python -m pipeline``: the ``transcripts`` command line."""
from .cli import main

main(prog_name="transcripts")
