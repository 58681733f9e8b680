"""Digests: fingerprints stay the SHA-256 that baselines and code-scanning alerts hold, the cache's seal is a
keyed MAC, and a run without findings never starts OpenSSL (hashlib) for either."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_json

from readycheck import hashing
from readycheck.cachedir import Seal, cache_directory, user_cache_root

CLEAN_RUN_IMPORTS = """
import sys
from readycheck.cli import main
try:
    main(["check", "--format", "json", "app.py"])
except SystemExit as stop:
    code = stop.code
print(code, sorted(name for name in ("hashlib", "hmac", "_hashlib") if name in sys.modules))
"""


def test_fingerprints_are_sha256_as_baselines_store_them() -> None:
    text = "security/hardcoded-secrets\0app.py\0aws_key = '<redacted>'"
    assert hashing.fingerprint(text) == hashlib.sha256(text.encode()).hexdigest()
    assert hashing.fingerprint(text, 32) == hashlib.sha256(text.encode()).hexdigest()[:32]


def test_a_warm_run_without_findings_does_not_load_hashlib(project) -> None:
    root = project({"app.py": "x = 1\n", "readycheck.yaml": "policy: [recommended]\n"})
    command = [sys.executable, "-c", CLEAN_RUN_IMPORTS]

    def imported() -> str:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.splitlines()[-1] if done.stdout else done.stderr

    imported()  # the first run builds the registry snapshot (and the cache's key)
    assert imported() == "0 []"  # a cache hit
    (root / "app.py").write_text("x = 2\n", encoding="utf-8")
    assert imported() == "0 []"  # an edited file: checked again, as in a pre-commit run


def test_the_seal_is_keyed(tmp_path: Path) -> None:
    payload = b'{"files": {}}'
    mine, theirs = Seal(b"k" * 32), Seal(b"o" * 32)
    assert mine.open(mine.seal(payload)) == payload
    assert theirs.open(mine.seal(payload)) is None
    assert hashing.mac(b"k" * 32, payload) != hashing.mac(b"k" * 32, payload + b" ")


def test_a_cache_sealed_by_an_earlier_version_is_a_miss(project) -> None:
    """Earlier versions sealed with HMAC-SHA256 under the same key: such files are misses, not errors."""
    root = project({"app.py": 'aws_key = "AKIAZ7Q4PLMN8RT2WX5C"\n'})
    _, first = run_json(str(root))
    key = (Path(cache_directory(root, None)).parents[1] / "key").read_bytes()
    shards = list(cache_directory(root, None).glob("results-*/*.json"))
    assert shards
    for shard in shards:
        _, _, payload = shard.read_bytes().partition(b"\n")
        old_seal = b"readycheck-seal:" + hmac.new(key, payload, hashlib.sha256).hexdigest().encode()
        shard.write_bytes(old_seal + b"\n" + payload)
    code, again = run_json(str(root))
    assert code == 1
    assert again["findings"] == first["findings"]


def test_a_key_longer_than_keyed_blake2b_takes_still_seals() -> None:
    """Keys are 32 bytes when readycheck makes them; a longer one is hashed down, as HMAC does."""
    key = user_cache_root() / "key"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(b"k" * 80)
    seal = Seal.load()
    assert seal is not None
    assert seal.open(seal.seal(b"payload")) == b"payload"
