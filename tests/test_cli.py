"""The CLI through typer's CliRunner: output, formats, and every user-error path."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import ArticleAnalysis
from summarizer.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = str(ROOT / "seeds" / "000_d003e6070548525d.txt")
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [*args], input=input)


def test_brief_prints_english_markdown_by_default():
    r = run("brief", SEED_000, "--no-log")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# ")
    assert "Engine: rules" in r.stdout
    assert "## Key points" in r.stdout


def test_brief_json_is_a_valid_analysis_and_says_which_engine():
    r = run("brief", SEED_000, "--format", "json", "--no-log")
    assert r.exit_code == 0, r.output
    a = ArticleAnalysis.model_validate_json(r.stdout)
    assert a.provenance.engine == "rules"
    assert len(a.incidents) >= 4


def test_brief_arabic_and_both():
    ar = run("brief", SEED_000, "--lang", "ar", "--no-log").stdout
    both = run("brief", SEED_000, "--lang", "both", "--no-log").stdout
    assert "النقاط الرئيسية" in ar and "## Key points" not in ar
    assert "النقاط الرئيسية" in both and "## Key points" in both


def test_brief_reads_stdin_and_writes_output_file(tmp_path):
    out = tmp_path / "brief.jsonl"
    text = Path(SEED_000).read_text(encoding="utf-8")
    r = run("brief", "-", "--format", "jsonl", "--output", str(out), "--no-log", input=text)
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert ArticleAnalysis.model_validate_json(lines[0]).provenance.source == "<stdin>"


def test_brief_directory_processes_every_article(tmp_path):
    for name in ("a.txt", "b.md"):
        (tmp_path / name).write_text(Path(SEED_000).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    r = run("brief", str(tmp_path), "--format", "jsonl", "--no-log")
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 2


@pytest.mark.parametrize("args, code, message", [
    (["brief", "does-not-exist.txt", "--no-log"], 3, "does-not-exist.txt: no such file"),
    (["brief", SEED_000, "--engine", "magic", "--no-log"], 2, "unknown engine 'magic'"),
    (["brief", SEED_000, "--engine", "llm", "--no-log"], 2, "the llm engine needs a model"),
    (["brief", SEED_000, "--published", "yesterday", "--no-log"], 2, "--published must be a date YYYY-MM-DD"),
])
def test_user_errors_are_one_line_with_documented_exit_codes(args, code, message, monkeypatch):
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    r = run(*args)
    assert r.exit_code == code
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1


def test_empty_file_is_an_input_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run("brief", str(empty), "--no-log")
    assert r.exit_code == 3
    assert r.stderr.strip() == f"error: {empty}: empty input"


def test_one_bad_file_among_good_ones_is_a_partial_failure(tmp_path):
    (tmp_path / "good.txt").write_text(Path(SEED_000).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    r = run("brief", str(tmp_path), "--format", "jsonl", "--no-log")
    assert r.exit_code == 1
    assert len(r.stdout.splitlines()) == 1
    assert "bad.txt: binary data" in r.stderr


def test_schema_prints_both_schemas():
    r = run("schema")
    assert r.exit_code == 0
    schemas = json.loads(r.stdout)
    assert set(schemas) == {"article_analysis.schema.json", "extraction_output.schema.json"}


@pytest.mark.parametrize("command", [["--help"], ["schema"], ["brief", "--help"]])
def test_startup_commands_do_not_import_llm_libraries(command):
    code = ("import sys, summarizer.cli as c\n"
            f"try:\n    c.app({command!r})\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('litellm', 'instructor', 'openai') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_brief_json_through_a_model_on_a_loopback_server_scripted_server(monkeypatch):
    """SUMMARIZER_MODEL + SUMMARIZER_API_BASE pointing at a scripted OpenAI-compatible server that
    answers with the rule engine's (grounded) output: the CLI prints a valid LLM-made analysis."""
    from summarizer.testing import ChatServer, rule_engine_reply

    with ChatServer(reply=rule_engine_reply, max_requests=10, lifetime_s=60) as server:
        monkeypatch.setenv("SUMMARIZER_MODEL", "openai/test")
        monkeypatch.setenv("SUMMARIZER_API_BASE", server.base_url)
        r = run("brief", SEED_000, "--format", "json", "--no-log")
        assert r.exit_code == 0, r.output
        a = ArticleAnalysis.model_validate_json(r.stdout)
        assert a.provenance.engine == "llm" and a.provenance.model == "openai/test"
        assert a.provenance.prompt_version and a.provenance.prompt_version.startswith("brief-v1@")
        assert a.provenance.usage.requests >= 1 and a.provenance.usage.cost_usd is None  # self-hosted: unpriced
        assert len(a.incidents) >= 4
        assert server.requests >= 1


def test_provider_auth_error_is_one_line_exit_4_scripted_server(monkeypatch):
    from summarizer.testing import ChatServer

    with ChatServer(script=["401"] * 5, max_requests=10, lifetime_s=60) as server:
        monkeypatch.setenv("SUMMARIZER_API_BASE", server.base_url)
        r = run("brief", SEED_000, "--model", "openai/test", "--no-log")
    assert r.exit_code == 4
    assert "authentication failed for openai/test" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output


def test_output_that_is_the_article_is_refused_and_the_article_kept(tmp_path):
    art = tmp_path / "art.txt"
    art.write_text(Path(SEED_000).read_text(encoding="utf-8"), encoding="utf-8")
    before = art.read_bytes()
    r = run("brief", str(art), "-o", str(art), "--no-log")
    assert r.exit_code == 2 and "is one of the articles" in r.stderr
    assert art.read_bytes() == before


@pytest.mark.parametrize("target", ["/proc/summarizer-test/x.md", "DIR"])
def test_unwritable_output_is_one_line_and_leaves_no_temp_file(tmp_path, target, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = str(tmp_path) if target == "DIR" else target
    r = run("brief", SEED_000, "--output", out, "--no-log")
    assert r.exit_code == 2 and r.stderr.startswith("error: cannot write --output")
    assert "Traceback" not in r.output and not list(tmp_path.glob(".*.tmp"))


def test_schema_write_to_a_bad_place_is_one_line():
    r = run("schema", "--write", "/proc/summarizer-test")
    assert r.exit_code == 2 and r.stderr.startswith("error: cannot write schemas")


@pytest.mark.parametrize("content, problem", [("x", "not a readable JSON report"),
                                              ('{"a": 1}', "not a report.json written by")])
def test_eval_compare_and_bless_reject_non_reports(tmp_path, content, problem):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    for args in (["eval", "compare", str(bad), str(bad)], ["eval", "bless", str(bad)]):
        r = run(*args)
        assert r.exit_code == 2 and problem in r.stderr and "Traceback" not in r.output


def test_model_without_a_provider_is_a_usage_error():
    r = run("brief", SEED_000, "--model", "gpt4", "--no-log")
    assert r.exit_code == 2
    assert r.stderr.strip() == ("error: model 'gpt4' names no provider litellm knows: use provider/model, "
                                "e.g. openai/gpt-4o-mini (or openai/<name> for an OpenAI-compatible server)")
