"""The command line: the only place that prints, colours or exits."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from readycheck.errors import ConfigError, ReadycheckError
from readycheck.model import FAIL_ON_CHOICES
from readycheck.reporters import SARIF_SUPPRESSED
from readycheck.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _fail(message: str) -> NoReturn:
    click.echo(f"readycheck: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


class _Group(click.Group):
    """Turns readycheck's own errors into one line and exit code 2, and anything else into a short
    message rather than a traceback (``-v`` or READYCHECK_DEBUG=1 shows it)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReadycheckError as error:
            _fail(str(error))
        except BrokenPipeError:  # 'readycheck rules | head': the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except KeyboardInterrupt:
            click.echo("readycheck: interrupted", err=True)
            sys.stdout.flush()
            sys.stderr.flush()
            # Leave now: the workers are stopped, and Python's exit hooks for process pools can race
            # with them (a traceback, or a wait) after an interruption.
            os._exit(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as error:
            if os.environ.get("READYCHECK_DEBUG"):
                raise
            _fail(f"internal error: {type(error).__name__}: {error} (set READYCHECK_DEBUG=1 for the traceback)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="readycheck", message="%(prog)s %(version)s")
def main() -> None:
    """readycheck: is this ML repository ready for production? Policy-as-code readiness checks."""


def _parse_outputs(outputs: Sequence[str], known: Sequence[str]) -> list[tuple[str, Path]]:
    parsed = []
    for item in outputs:
        name, separator, file = item.partition("=")
        if not separator or not file:
            raise ConfigError(f"--output takes FORMAT=FILE, not {item!r}")
        if name not in known:
            raise ConfigError(f"unknown report format {name!r} in --output (known: {', '.join(known)})")
        parsed.append((name, Path(file)))
    return parsed


def _write_report(file: Path, text: str) -> None:
    """Write a report file; a path that cannot take it (a directory, no permission, a full disk) is an error
    naming it."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise ConfigError(f"cannot write the report: {error.strerror or error}", str(file)) from None


def _project_registry() -> Any:
    """The checks, packs and reporters this project sees: built-ins, entry points and its local plugins."""
    from readycheck.config import find_root, load_config
    from readycheck.plugins import load_registry

    config = load_config(find_root(Path.cwd()))
    return load_registry(config.plugins, config.base_dir, config.overrides)


def _use_color(no_color: bool) -> bool:
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _run_options(
    paths: tuple[str, ...],
    config_file: str | None,
    policies: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    jobs: int,
    no_cache: bool,
    diff: str | None,
) -> Any:
    """The runner's options from those of ``_selection_options`` (passed as ``**selection``)."""
    from readycheck.runner import Options

    return Options(
        diff=diff,
        paths=[Path(p) for p in paths],
        config_file=Path(config_file) if config_file else None,
        policies=policies,
        select=select,
        ignore=ignore,
        jobs=jobs,
        use_cache=not no_cache,
    )


def _selection_options(function: Any) -> Any:
    """The options shared by ``check`` and ``baseline``: what to check and how."""
    for decorator in reversed(
        [
            click.argument("paths", nargs=-1, type=click.Path(path_type=str)),
            click.option(
                "--config", "config_file", metavar="FILE", help="Config file to use instead of the one found."
            ),
            click.option(
                "--policy",
                "policies",
                multiple=True,
                metavar="NAME_OR_FILE",
                help="Policy pack or file (repeatable; replaces the configured list).",
            ),
            click.option(
                "--select", multiple=True, metavar="RULE", help="Run only rules matching this glob (repeatable)."
            ),
            click.option("--ignore", multiple=True, metavar="RULE", help="Skip rules matching this glob (repeatable)."),
            click.option(
                "--jobs",
                "-j",
                type=click.IntRange(min=0),
                default=0,
                help="Worker processes (default: number of cores).",
            ),
            click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache."),
            click.option(
                "--diff",
                metavar="REF",
                default=None,
                help="Run file rules only on files changed since the merge base of REF and HEAD (and "
                "untracked ones); repository rules run as usual.",
            ),
        ]
    ):
        function = decorator(function)
    return function


@main.command()
@_selection_options
@click.option(
    "--format",
    "output_format",
    default=None,
    metavar="FORMAT",
    help="Report format on stdout: text (default), json, ...",
)
@click.option(
    "--output", "-o", "outputs", multiple=True, metavar="FORMAT=FILE", help="Also write a report to FILE (repeatable)."
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default=None,
    help="Lowest level that fails the run (default: error).",
)
@click.option("--baseline", "baseline_file", metavar="FILE", help="Report only findings not recorded in this baseline.")
@click.option("--quiet", "-q", is_flag=True, help="Findings only: no help lines, no summary.")
@click.option("--verbose", "-v", is_flag=True, help="Explain what ran, and show tracebacks of crashed checks.")
@click.option("--no-color", is_flag=True, help="Never colour the output (NO_COLOR does the same).")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Findings shown per rule before the rest fold into one (default 50, or the config's; 0: all).",
)
@click.option(
    "--sarif-suppressed",
    type=click.Choice(SARIF_SUPPRESSED),
    default=None,
    help="Suppressed findings in SARIF: left out (default; GitHub opens alerts for them) or included, marked.",
)
@click.option(
    "--notes/--no-notes",
    "report_notes",
    default=None,
    help="List notes in GitLab Code Quality and GitHub annotations too (default: left out).",
)
@click.option(
    "--link-base",
    metavar="URL",
    default=None,
    help="Where Markdown report links point (default: the commit the CI environment names, else relative).",
)
def check(
    output_format: str | None,
    outputs: tuple[str, ...],
    fail_on: str | None,
    baseline_file: str | None,
    quiet: bool,
    verbose: bool,
    no_color: bool,
    max_findings: int | None,
    sarif_suppressed: str | None,
    report_notes: bool | None,
    link_base: str | None,
    **selection: Any,
) -> None:
    """Check PATHS (default: the current directory) against the project's policies.

    Directories are scanned whole; with file paths (as pre-commit passes them) only the rules that
    concern single files run. Exit codes: 0 no finding at or above --fail-on, 1 some, 2 a usage,
    configuration or policy error.
    """
    from readycheck import runner
    from readycheck.folding import fold
    from readycheck.progress import Progress, wanted
    from readycheck.reporters import ReportOptions

    started = time.perf_counter()
    options = _run_options(**selection)._replace(baseline=Path(baseline_file) if baseline_file else None)
    session = runner.prepare(options)
    reporters = session.registry.reporters
    output_format = output_format or "text"
    if output_format not in reporters:
        raise ConfigError(f"unknown report format {output_format!r} (known: {', '.join(reporters)})")
    files = _parse_outputs(outputs, list(reporters))
    cores = os.cpu_count() or 1
    if options.jobs > cores:
        click.echo(f"readycheck: note: --jobs {options.jobs} is capped at {cores}, the number of cores", err=True)
    progress = Progress(wanted(output_format))
    try:
        session, scan, result = runner.check(options, session, progress)
    finally:
        progress.close()
    config = session.config
    result.findings = fold(result.findings, config.max_findings if max_findings is None else max_findings)
    fail_on = fail_on or config.fail_on
    shared = ReportOptions(
        fail_on=fail_on,
        notes=config.report_notes if report_notes is None else report_notes,
        sarif_suppressed=sarif_suppressed or config.sarif_suppressed,
        link_base=link_base,
    )
    for name, file in files:
        _write_report(file, reporters[name].render(result, shared))
    report_options = shared._replace(color=_use_color(no_color) and output_format == "text", quiet=quiet)
    click.echo(reporters[output_format].render(result, report_options), nl=False)
    if verbose:
        for name, value in runner.describe(session, scan).items():
            click.echo(f"{name}: {value}", err=True)
        click.echo(f"time: {time.perf_counter() - started:.2f}s", err=True)
        for trace in result.tracebacks:
            click.echo(trace, err=True)
    sys.exit(EXIT_FINDINGS if result.failed(fail_on) else EXIT_OK)


@main.command()
@_selection_options
@click.option("--output", "-o", "output", required=True, metavar="FILE", help="Where to write the baseline (JSON).")
def baseline(output: str, **selection: Any) -> None:
    """Record the current findings, so that 'check --baseline FILE' reports only new ones.

    For adopting readycheck on a legacy repository: fingerprints survive edits that move lines.
    """
    from readycheck import runner, suppress

    options = _run_options(**selection)._replace(use_baseline=False)
    _, _, result = runner.check(options)
    try:
        count = suppress.write_baseline(result.findings, Path(output))
    except OSError as error:
        raise ConfigError(f"cannot write the baseline: {error.strerror or error}", output) from None
    click.echo(f"baseline: {count} findings recorded in {output}")


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite existing readycheck files.")
def init(directory: Path, force: bool) -> None:
    """Start using readycheck here: a config, a team policy skeleton, and the hook and CI snippets."""
    from readycheck import init as starter

    existing = {path for path in starter.planned_files(directory.resolve()) if path.exists()}
    written = starter.initialise(directory.resolve(), force)
    for path in written:
        click.echo(f"{'overwrote' if path in existing else 'wrote'} {path.relative_to(directory.resolve())}")
    click.echo("\nAdd the pre-commit hooks:\n")
    click.echo(starter.PRE_COMMIT_SNIPPET)
    click.echo("And gate merges in CI:\n")
    click.echo(starter.CI_SNIPPET, nl=False)


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--policy",
    "configured",
    is_flag=True,
    help="List the rules the configured policy runs (merged, with where each was set) instead of every check.",
)
def rules(output_format: str, configured: bool) -> None:
    """List every check known (built-in and from plugins), or with --policy the rules the project runs."""
    from readycheck import explain

    if configured:
        policy_rules = _project_session().rules
        if output_format == "json":
            click.echo(json.dumps([explain.rule_record(rule) for rule in policy_rules], indent=2, default=str))
            return
        width = max((len(rule.id) for rule in policy_rules), default=0)
        for rule in policy_rules:
            where = explain.place_of(rule.configured[-1]) if rule.configured else ""
            click.echo(f"{rule.id:<{width}}  {rule.level!s:<7}  {rule.check.id:<28}  {rule.area:<15}  {where}")
        return
    checks = list(_project_registry().checks.values())
    if output_format == "json":
        click.echo(json.dumps([_check_record(c) for c in checks], indent=2))
        return
    width = max(len(c.id) for c in checks)
    for item in checks:
        origin = f"  [plugin {item.plugin}]" if item.plugin else ""
        click.echo(
            f"{item.id:<{width}}  {item.level!s:<7}  {item.scope:<10}  {item.area:<15}  {item.description}{origin}"
        )


def _project_session() -> Any:
    """The configured policy, merged and bound, as a check of the current directory would run it."""
    from readycheck import runner

    return runner.prepare(runner.Options(use_cache=False))


def _check_record(item: Any) -> dict[str, Any]:
    from readycheck.explain import help_link

    return {
        "id": item.id,
        "level": str(item.level),
        "scope": item.scope,
        "kinds": list(item.kinds),
        "area": item.area,
        "tier": item.tier,
        "required": item.required,
        "generated": item.generated,
        "description": item.description,
        "help_url": help_link(item),
        "parameters": item.params,
        "plugin": item.plugin or None,
    }


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain RULE_ID: a rule of the configured policy (its check, level, paths, parameters and which
    files set them) or any check (its help, parameters with defaults, and an example policy snippet)."""
    from readycheck import explain as explaining

    if rule_id == "ml-test-score":
        from readycheck import mltestscore

        click.echo("\n".join(mltestscore.explanation()))
        return
    try:
        session = _project_session()
        registry, policy_rules = session.registry, session.rules
    except ReadycheckError as error:  # a broken policy is when a check's help is most wanted
        click.echo(f"readycheck: note: the configured policy does not load ({error}); explaining checks only", err=True)
        registry, policy_rules = _project_registry(), []
    rule = next((rule for rule in policy_rules if rule.id == rule_id), None)
    item = rule.check if rule is not None else registry.checks.get(rule_id)
    if item is None:
        import difflib

        known = [*(r.id for r in policy_rules), *registry.checks]
        close = difflib.get_close_matches(rule_id, known, n=1)
        _fail(
            f"unknown rule {rule_id!r}" + (f" (did you mean {close[0]!r}?)" if close else " (see 'readycheck rules')")
        )
    lines = [*explaining.rule_lines(rule), "", "check:", ""] if rule is not None else []
    click.echo("\n".join([*lines, *explaining.check_lines(item, registry.kinds)]))


@main.command()
@click.option("--out", "folder", default="docs/rules", type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", "only_check", is_flag=True, help="Change nothing; exit 1 if a page is missing or stale.")
def docs(folder: Path, only_check: bool) -> None:
    """Write the rule reference (one Markdown page per built-in check) from the check declarations."""
    from readycheck import reference
    from readycheck.plugins import load_registry

    registry = load_registry()  # built-in checks only, whatever the project's plugins override
    if only_check:
        stale = reference.stale_pages(registry, folder)
        for page in stale:
            click.echo(f"stale: {folder / page}")
        sys.exit(EXIT_FINDINGS if stale else EXIT_OK)
    for path in reference.write_pages(registry, folder):
        click.echo(f"wrote {path}")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def plugins(output_format: str) -> None:
    """List every plugin loaded, where it came from and what it registers."""
    registry = _project_registry()
    records = [
        {
            "name": info.name,
            "origin": info.origin,
            "source": info.source,
            "registers": info.registers,
            "overrides": info.overrides,
        }
        for info in registry.plugins
    ]
    if output_format == "json":
        click.echo(json.dumps(records, indent=2))
        return
    for record in records:
        click.echo(f"{record['name']}  ({record['origin']}: {record['source']})")
        for category, names in record["registers"].items():
            click.echo(f"  {category}: {', '.join(names)}")
        for replaced in record["overrides"]:
            click.echo(f"  overrides {replaced}")


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", "outputs", multiple=True, metavar="FORMAT=FILE", help="Write the fleet as html, markdown or json."
)
def merge(reports: tuple[Path, ...], outputs: tuple[str, ...]) -> None:
    """Merge many repositories' JSON reports (readycheck check --format json) into one fleet scorecard:
    each repository's level and areas, the rules failing most often, the waivers expiring soonest."""
    import datetime

    from readycheck import fleet

    files = _parse_outputs(outputs, list(fleet.FORMATS))
    merged = fleet.merge(reports)
    today = datetime.date.today()
    for name, file in files:
        _write_report(file, fleet.FORMATS[name](merged, today))
    if not files:
        click.echo(fleet.markdown(merged, today), nl=False)


@main.group()
def policy() -> None:
    """Work with policy files."""


@policy.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
def policy_validate(files: tuple[str, ...]) -> None:
    """Validate policy FILES without running them (exit 2 on the first invalid one)."""
    from readycheck.policy.loader import bind_rules, load_policies

    registry = _project_registry()
    failed = False
    for file in files:
        try:
            rules = bind_rules(load_policies([file if "/" in file else f"./{file}"], Path.cwd(), registry), registry)
        except ReadycheckError as error:
            click.echo(f"readycheck: error: {error}", err=True)
            failed = True
            continue
        click.echo(f"{file}: ok ({len(rules)} rules)")
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


@main.command()
@click.argument("name", type=click.Choice(["policy", "config", "report"]))
def schema(name: str) -> None:
    """Print the JSON Schema of policy files, the config file or the JSON report."""
    from readycheck.policy import schemas
    from readycheck.reporters import json as json_report

    chosen = {"policy": schemas.POLICY_SCHEMA, "config": schemas.CONFIG_SCHEMA, "report": json_report.SCHEMA}[name]
    click.echo(json.dumps(chosen, indent=2))
