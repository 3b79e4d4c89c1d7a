#!/usr/bin/env bash
# The experiment's build (not wired into the package): copy the tracked tree to OUT and
# compile pipeline/correct.py and pipeline/phonetics.py there with mypyc, in place.
#   TOOLS: a --target install of mypy (python -m pip install --target TOOLS mypy==2.4.1)
#   usage: bash bench/notes/compiled/mypyc_build.sh TOOLS OUT   (from the repository root)
set -euo pipefail
TOOLS=$1; OUT=$2; PY=${PYTHON:-/work/main/.venv/bin/python}
rm -rf "$OUT" && mkdir -p "$OUT/build"
git ls-files -z | xargs -0 cp --parents -t "$OUT/"
cp pipeline/*.py "$OUT/pipeline/"   # the working tree's, committed or not
cd "$OUT"
cat > build/setup.py <<'P'
from setuptools import setup
from mypyc.build import mypycify
setup(name="mypyc_output", ext_modules=mypycify(
    ["--ignore-missing-imports", "--disable-error-code=annotation-unchecked", "--follow-imports=silent",
     "pipeline/correct.py", "pipeline/phonetics.py"], opt_level="3", debug_level="1"))
P
PYTHONPATH="$TOOLS" "$PY" build/setup.py build_ext --inplace > build/log 2>&1 || { tail -20 build/log; exit 1; }
ls ./*__mypyc*.so pipeline/*.so
