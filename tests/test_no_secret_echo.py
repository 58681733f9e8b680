"""No report echoes a secret: whatever check quotes a scanned value, every format shows it redacted."""

from __future__ import annotations

import json

import pytest
from tests.checks.conftest import code, error, notebook, stream
from tests.conftest import policy_with, run

AWS = "AKIAZ7Q4PLMN8RT2WX5C"
GITHUB = "ghp_Zq8WmR4tYx2Lk9Pv3Nb7Hc5Jd1Fg6Sa0Ee4T"
FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "gitlab")


def _broken_notebook_with_token() -> str:
    """A notebook nbformat rejects inside an output that holds a token: its message quotes the output."""
    document = json.loads(notebook(code("print(1)", outputs=[stream(f"token {GITHUB}\n")])))
    document["cells"][0]["outputs"][0]["name"] = 42  # invalid: nbformat quotes the whole output
    return json.dumps(document, indent=1)


CASES = {
    "exception-name": ({"n.ipynb": notebook(code("boom()", outputs=[error(f"Leak{GITHUB}")]))}, GITHUB, ""),
    "absolute-path": ({"p.ipynb": notebook(code(f"open('/home/alice/{AWS}/data.csv')"))}, AWS, ""),
    "nbformat-message": ({"v.ipynb": _broken_notebook_with_token()}, GITHUB, ""),
    "data-field-value": (
        {"config.yaml": f"credentials:\n  aws_access_key_id: {AWS}\n"},
        AWS,
        "t/env-creds:\n  check: data/field\n  paths: [config.yaml]\n"
        "  with: {fields: {credentials.aws_access_key_id: {matches: '^\\\\$\\\\{'}}}\n",
    ),
    "data-schema-value": (
        {
            "config.json": json.dumps({"token": GITHUB}),
            "schema.json": json.dumps({"properties": {"token": {"maxLength": 5}}}),
        },
        GITHUB,
        "t/schema:\n  check: data/schema\n  paths: [config.json]\n  with: {schema: schema.json}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_format_echoes_a_secret_another_check_quoted(project, name: str) -> None:
    files, secret, rules = CASES[name]
    extra = policy_with(rules, "recommended") if rules else {}
    root = project({**files, **extra, "README.md": "# x\n"})
    policy = ["--policy", "policy.yaml"] if rules else []
    outputs = {}
    for fmt in FORMATS:
        result = run("check", str(root), "--format", fmt, "--no-cache", *policy)
        assert result.exit_code in (0, 1), result.stderr
        outputs[fmt] = result.stdout
    quoting = [fmt for fmt, text in outputs.items() if secret[4:-4] in text]
    assert quoting == [], f"{name}: the secret's middle appears in {quoting}"
    redacted = secret[:4] + "*" * (len(secret) - 8) + secret[-4:]
    assert redacted in outputs["json"], f"{name}: expected the redacted form in the finding"


def test_a_non_string_in_an_output_list_does_not_hide_the_strings_around_it(project) -> None:
    document = json.loads(notebook(code("print(key)", outputs=[stream("ok\n")])))
    document["cells"][0]["outputs"][0]["text"] = ["first line\n", 7, f"key = {AWS}\n"]
    root = project({"n.ipynb": json.dumps(document, indent=1), "README.md": "# x\n"})
    result = run("check", str(root), "--format", "json", "--no-cache")
    secrets = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "security/hardcoded-secrets"]
    assert len(secrets) == 1 and "output 1" in secrets[0]["message"]
    assert secrets[0]["line"] == json.dumps(document, indent=1).splitlines().index(f'      "key = {AWS}\\n"') + 1
