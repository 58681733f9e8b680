import json
from pathlib import Path

import pytest
from tests.checks.conftest import code, line_of, markdown, notebook, source_line, stream
from tests.conftest import policy_with, run, run_json

from readycheck import engine
from readycheck.artifacts import Repository
from readycheck.checks.secrets import hardcoded_secrets
from readycheck.plugins import load_registry
from readycheck.redaction import find_secrets, redact

RULE = "security/hardcoded-secrets: error\n"
AWS = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key
HF = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh"
GITHUB = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"
FINE_GRAINED = (
    "github_pat_" + "11ABCDEFG0aBcDeFgHiJkL" + "_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS"
)
SLACK = "xoxb-" + "123456789012-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
WEBHOOK = "https://hooks.slack.com/services/" + "T024BE7LD/B01A2B3C4D5/aB3dE5fG7hJ9kL1mN3pQ5rS7"
OPENAI = "sk-proj-" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7d"
PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq3Kx9v0Lw2+T5Z\n-----END RSA PRIVATE KEY-----"


def test_redaction_keeps_at_most_four_characters_at_each_end() -> None:
    assert redact(AWS) == "AKIA************MPLE"
    assert redact("hunter22") == "h******2"
    assert redact("abcdefghij") == "ab******ij"
    assert redact("abcd") == "****"


@pytest.mark.parametrize(
    ("text", "detector", "shown"),
    [
        (f'key = "{AWS}"', "aws-access-key-id", "AKIA************MPLE"),
        (f"token: {HF}", "huggingface-token", redact(HF)),
        (f"export GITHUB_TOKEN={GITHUB}", "github-token", redact(GITHUB)),
        (f"auth({FINE_GRAINED!r})", "github-token", redact(FINE_GRAINED)),
        (f"slack = '{SLACK}'", "slack-token", redact(SLACK)),
        (f"url = '{WEBHOOK}'", "slack-webhook", redact(WEBHOOK)),
        (f"openai.api_key = '{OPENAI}'", "openai-key", redact(OPENAI)),
        (f'KEY = """{PRIVATE_KEY}"""', "private-key", "-----BEGIN RSA PRIVATE KEY-----"),
        (json.dumps({"pem": PRIVATE_KEY}), "private-key", "-----BEGIN RSA PRIVATE KEY-----"),
        ('password = "hunter22!"', "assignment", "h*******!"),
        ('{"api_key": "a8f5f167f44f4964e6c998dee827110c"}', "assignment", "a8f5" + "*" * 24 + "110c"),
        ("login(user, password='Tr0ub4dor&3')", "assignment", "Tr*******&3"),
        ("db.client_secret = 'Zm9vYmFyYmF6cXV4'", "assignment", "Zm9**********XV4"),
    ],
)
def test_detectors(text: str, detector: str, shown: str) -> None:
    matches = find_secrets(text)
    assert [(m.detector.name, m.shown) for m in matches] == [(detector, shown)]


@pytest.mark.parametrize(
    "text",
    [
        'api_key = "<your-key>"',
        'password = "xxx"',
        'password = "changeme"',
        'token = os.environ["HF_TOKEN"]',
        'api_key = os.getenv("OPENAI_API_KEY")',
        'secret = "${DB_SECRET}"',
        'password = "{password}"',
        'api_key = "OPENAI_API_KEY"',
        'password = ""',
        'AWS_ACCESS_KEY_ID = "AKIAXXXXXXXXXXXXXXXX"',
        'hf_token = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        'tokenizer.eos_token = "</s>"',
        'pad_token = "[PAD]"',
        'special_token = "<|endoftext|>"',
        'token_type = "bearer"',
        'password_file = "/etc/app/password.txt"',
        'private_key = "~/.ssh/id_rsa"',
        'if password == "hunter22!":',
        'grant_type = "password"',
        'max_new_tokens = "128"',
        '"sk-this-is-not-a-real-key-at-all"',
        "see the scikit-learn docs: sk-learn-preprocessing-pipelines",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        'prompt = "Please enter your token here"',
    ],
)
def test_placeholders_references_and_look_alikes_are_not_secrets(text: str) -> None:
    assert find_secrets(text) == []


def test_unquoted_values_only_where_the_format_allows_them() -> None:
    env = "DB_PASSWORD=s3cr3t-Pa55w0rd\nAPI_KEY=<your-key>\nexport HF_TOKEN=${HF_TOKEN}\n"
    assert [(m.name, m.shown) for m in find_secrets(env, bare_assignments=True)] == [("DB_PASSWORD", "s3c*********0rd")]
    assert find_secrets(env) == []


def test_secrets_in_notebook_cells_and_outputs(check_rules) -> None:
    text = notebook(
        markdown("# Keys"),
        code(f"import os\nAWS_KEY = '{AWS}'\nhf = os.environ['HF_TOKEN']", 1),
        code("print(token)", 2, [stream(f"using token {HF}\n")]),
        code(f"!curl -H 'Authorization: Bearer {GITHUB}' api.github.com"),
    )
    findings = check_rules({"n.ipynb": text}, RULE)
    assert [(f["level"], f["line"], f["message"]) for f in findings] == [
        ("error", source_line(text, f"AWS_KEY = '{AWS}'"), "cell 2, line 2: AWS access key ID AKIA************MPLE"),
        ("error", line_of(text, "using token"), f"cell 3, output 1: Hugging Face token {redact(HF)}"),
        ("error", line_of(text, "!curl"), f"cell 4, line 1: GitHub token {redact(GITHUB)}"),
    ]


def test_secrets_in_an_unreadable_notebook_are_still_found(project) -> None:
    """A merge conflict makes the notebook unreadable: it is a parse error, and its text is still scanned."""
    text = notebook(code(f"key = '{AWS}'"))
    broken = text.replace('"cells": [', '"cells": [\n<<<<<<< HEAD', 1)
    root = project({"n.ipynb": broken, **policy_with(RULE)})  # notebook/valid is not even on
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [(f["rule_id"], f["line"]) for f in report["findings"]] == [
        ("readycheck/parse-error", 3),
        ("security/hardcoded-secrets", line_of(broken, AWS)),
    ]
    assert AWS not in json.dumps(report)


def test_annotated_assignments(check_rules) -> None:
    source = 'db_password: str = "Kq9xZr2mWv7"\napi_token: Optional[str] = "Zq8wErtYu1pL"\ntimeout: int = 30\n'
    findings = check_rules({"settings.py": source}, RULE)
    assert [(f["line"], f["message"]) for f in findings] == [
        (1, "hard-coded credential assigned to 'db_password': Kq*******v7"),
        (2, "hard-coded credential assigned to 'api_token': Zq********pL"),
    ]


def test_text_files_in_the_default_paths(check_rules) -> None:
    files: dict[str, str | bytes] = {
        "src/settings.py": f'import os\n\nDEBUG = True\nAWS_KEY = "{AWS}"\n',
        "config/app.yaml": "db:\n  host: localhost\n  password: Tr0ub4dor&3\n",
        "config/app.json": json.dumps({"service": {"api_key": "a8f5f167f44f4964e6c998dee827110c"}}, indent=2),
        "pyproject.toml": f'[tool.app]\ntoken = "{GITHUB}"\n',
        "setup.cfg": "[db]\npassword = Tr0ub4dor&3\n",
        "deploy/app.ini": "[auth]\nclient_secret = Zm9vYmFyYmF6cXV4\n",
        ".env": "DB_PASSWORD=s3cr3t-Pa55w0rd\n",
        "prod.env": f"OPENAI_API_KEY={OPENAI}\n",
        ".env.example": "DB_PASSWORD=<your-password>\nOPENAI_API_KEY=changeme\n",
        "README.md": f"# App\n\nSet the token:\n\n    export SLACK_TOKEN={SLACK}\n",
        "notes.txt": f"{AWS}\n",
        "data/blob.json": b"\x00\x01" + AWS.encode(),
    }
    findings = check_rules(files, RULE)
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in findings] == [
        (".env", 1, 13, "hard-coded credential assigned to 'DB_PASSWORD': s3c*********0rd"),
        ("README.md", 5, 24, f"Slack token {redact(SLACK)}"),
        ("config/app.json", 3, 17, "hard-coded credential assigned to 'api_key': a8f5" + "*" * 24 + "110c"),
        ("config/app.yaml", 3, 13, "hard-coded credential assigned to 'password': Tr*******&3"),
        ("deploy/app.ini", 2, 17, "hard-coded credential assigned to 'client_secret': Zm9**********XV4"),
        ("prod.env", 1, 16, f"OpenAI-style API key {redact(OPENAI)}"),
        ("pyproject.toml", 2, 10, f"GitHub token {redact(GITHUB)}"),
        ("setup.cfg", 2, 12, "hard-coded credential assigned to 'password': Tr*******&3"),
        ("src/settings.py", 4, 12, "AWS access key ID AKIA************MPLE"),
    ]


SECRETS = (AWS, HF, GITHUB, OPENAI, "Tr0ub4dor&3")


def _leaky_project(root: Path) -> None:
    (root / "n.ipynb").write_text(
        notebook(code(f"aws = '{AWS}'\npassword = 'Tr0ub4dor&3'", 1, [stream(f"{HF}\n{OPENAI}\n")])),
        encoding="utf-8",
    )
    (root / "app.py").write_text(f"TOKEN = '{GITHUB}'\n", encoding="utf-8")
    (root / "policy.yaml").write_text(policy_with(RULE)["policy.yaml"], encoding="utf-8")


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_reports_never_contain_the_secret(project, output_format: str) -> None:
    root = project({})
    _leaky_project(root)
    result = run("check", str(root), "--policy", "policy.yaml", "--no-cache", "--format", output_format)
    assert result.exit_code == 1
    assert "AKIA************MPLE" in result.output
    for secret in SECRETS:
        assert secret not in result.output


def test_violation_keys_are_redacted(tmp_path: Path) -> None:
    """The engine hashes a violation's key into the fingerprint: it must not be the secret either."""
    _leaky_project(tmp_path)
    registry = load_registry()
    repo = Repository(tmp_path, ["app.py", "n.ipynb"], registry.kinds, engine.kind_patterns(registry.kinds, {}))
    violations = [
        *hardcoded_secrets.function(repo.artifact("n.ipynb", "notebook"), {}),
        *hardcoded_secrets.function(repo.artifact("app.py", "text"), {}),
    ]
    assert len(violations) == 5
    for violation in violations:
        assert violation.key
        for secret in SECRETS:
            assert secret not in violation.key and secret not in violation.message


def test_fingerprints_do_not_change_when_the_secret_does(project) -> None:
    """Rotating a leaked key to another leaked key with the same redacted form keeps the finding's
    identity (baselines and waivers follow it), and the fingerprint is no hash of the secret."""
    root = project({**policy_with(RULE), "app.py": f"KEY = '{AWS}'\n"})
    _, first = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    (root / "app.py").write_text(f"KEY = '{AWS[:5]}Z{AWS[6:]}'\n", encoding="utf-8")
    _, second = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["fingerprint"] for f in first["findings"]] == [f["fingerprint"] for f in second["findings"]]
    assert len(first["findings"]) == 1


def test_secrets_behind_json_escapes_are_found(check_rules) -> None:
    """A writer that escapes characters ('\\u0041', '\\/') hides words from a search of the raw text: the
    notebook is then read whole, not skipped."""
    text = notebook(code("print(1)", 1, [stream(f"using {HF}\n")]), code(f"k = '{AWS}'", 2))
    hidden = text.replace(HF[:4], "".join(f"\\u{ord(c):04x}" for c in HF[:4])).replace(AWS[:4], "\\u0041KIA")
    assert HF not in hidden and AWS not in hidden
    findings = check_rules({"n.ipynb": hidden}, RULE)
    assert [f["message"].split(": ")[-1] for f in findings] == [
        f"Hugging Face token {redact(HF)}",
        f"AWS access key ID {redact(AWS)}",
    ]


def test_a_notebook_without_any_credential_word_or_token_has_no_finding(check_rules) -> None:
    text = notebook(code("x = 1", 1, [stream("done\n")]))
    assert check_rules({"n.ipynb": text}, RULE) == []
