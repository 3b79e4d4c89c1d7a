import os, sys, time, json
os.environ["TRANSCRIPTS_PROCESSES"] = "1"
from pathlib import Path
from pipeline.config import Settings
from pipeline.dictionaries import load_lexicon
from pipeline.ingest import ingest
from pipeline import correct as C, phonetics as P
from pipeline.repair import repair
from pipeline.normalize import normalize
print("correct from", C.__file__, "| phonetics from", P.__file__)
lex = load_lexicon([Path('/tmp/big/dict.txt')], None)
t0 = time.process_time()
C.compile_lexicon(lex, Settings())
t1 = time.process_time()
doc = normalize(repair(ingest(Path('/tmp/big/big.txt'), 'big')))
t2 = time.process_time()
out = C.correct(doc, lex, Settings())
t3 = time.process_time()
print(f"compile_lexicon {t1-t0:.2f}s  correct CPU {t3-t2:.2f}s  corrections {len(out.corrections)}")
if len(sys.argv) > 1:
    Path(sys.argv[1]).write_text(json.dumps({"corrections": [c.to_json() for c in out.corrections], "text": out.text}))
