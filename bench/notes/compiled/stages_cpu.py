import os, time, sys
os.environ["TRANSCRIPTS_PROCESSES"] = "1"
from pathlib import Path
from pipeline.config import Settings
from pipeline.core import clean_document
from pipeline.dictionaries import load_lexicon
from pipeline.ingest import ingest
from pipeline.correct import compile_lexicon
lex = load_lexicon([Path('/tmp/big/dict.txt')], None)
compile_lexicon(lex, Settings())
doc0 = ingest(Path('/tmp/big/big.txt'), 'big')
t0 = time.process_time()
timings = {}
doc = clean_document(doc0, lex, Settings(), timings=timings)
print({k: round(v / 1000, 2) for k, v in timings.items()}, f"cpu {time.process_time()-t0:.2f}")
