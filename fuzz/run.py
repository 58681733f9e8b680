"""A longer fuzzing campaign: the property tests of tests/test_fuzz.py with many more examples.

    python fuzz/run.py                 # 20,000 examples per property (a few minutes)
    python fuzz/run.py --examples 200000

Hypothesis keeps failing examples in .hypothesis/ and replays them first on the next run; a failure is
printed with the smallest input that reproduces it. The suite itself runs 300 examples per property.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=20_000, help="examples per property (default 20000)")
    parser.add_argument("-k", default="", help="only the properties whose name matches (pytest -k)")
    arguments = parser.parse_args()
    env = {**os.environ, "READYCHECK_FUZZ_PROFILE": "long", "READYCHECK_FUZZ_EXAMPLES": str(arguments.examples)}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_fuzz.py",
        "-q",
        "--hypothesis-show-statistics",
        "-p",
        "no:cacheprovider",
    ]
    if arguments.k:
        command += ["-k", arguments.k]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
