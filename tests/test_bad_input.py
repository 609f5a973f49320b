"""Bad-input corpus through the CLI (`summarizer brief` and `summarizer batch`): each case gives a
one-line error naming the file and the reason, or a valid result with warnings. Never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from summarizer.batch import read_results
from summarizer.testing import ChatServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

AR = ("ألقت الشرطة الفرنسية القبض على مشتبه به في قضية احتيال بالعملات المشفرة في مدينة نانت.\n"
      "وقالت السلطات إن التحقيقات ما زالت جارية لمعرفة بقية أفراد العصابة.\n")
HTML = ("<!doctype html><html><head><title>خبر</title></head><body><nav>الرئيسية</nav><article>"
        + "".join(f"<p>{line}</p>" for line in AR.splitlines() * 3) + "</article></body></html>")

# name -> (bytes, expected: "error:<reason words>" or "ok:<warning code or ''>")
CASES = {
    "empty.txt": (b"", "error:empty"),
    "blank.txt": (b"   \n\t \n", "error:empty"),
    "binary.txt": (bytes(range(256)) * 8, "error:binary"),
    "cp1256.txt": (AR.encode("cp1256"), "ok:"),
    "utf16.txt": (AR.encode("utf-16"), "ok:"),
    # a UTF-16 byte-order mark followed by bytes that are not UTF-16
    "false_bom.txt": (b"\xff\xfe\xfa abc", "error:byte-order mark"),
    # UTF-16 with one unpaired surrogate in a long article: kept, the replacement is a warning
    "utf16_one_broken.txt": ("\ufeff".encode("utf-16-le") + (AR * 20).encode("utf-16-le")[:200] + b"\x00\xdc"
                             + (AR * 20).encode("utf-16-le")[200:], "ok:encoding"),
    "big.txt": ((AR * 6000).encode(), "ok:truncated"),
    "page.html": (HTML.encode(), "ok:"),
    "english.txt": (b"Police in Paris arrested a man over a crypto fraud scheme.\n" * 3, "ok:language"),
}


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    for name, (data, _) in CASES.items():
        (d / name).write_bytes(data)
    return d


@pytest.fixture
def llm_env(monkeypatch):
    with ChatServer(lifetime_s=120) as server:
        monkeypatch.setenv("SUMMARIZER_MODEL", "openai/test")
        monkeypatch.setenv("SUMMARIZER_API_BASE", server.base_url)
        yield server


def _invoke(args):
    from summarizer.cli import app

    r = CliRunner().invoke(app, args)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    return r


def _check_error(stderr: str, name: str, reason: str) -> None:
    lines = [ln for ln in stderr.splitlines() if name in ln]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and reason in lines[0].lower(), lines[0]


@pytest.mark.parametrize("name", list(CASES))
def test_brief(name, corpus, llm_env):
    expected = CASES[name][1]
    r = _invoke(["brief", str(corpus / name), "--format", "json", "--no-log"])
    kind, what = expected.split(":", 1)
    if kind == "error":
        assert r.exit_code == 3
        _check_error(r.stderr, name, what)
    else:
        assert r.exit_code == 0, r.stderr
        codes = {w["code"] for w in json.loads(r.stdout)["warnings"]} if r.stdout.strip().startswith("{") else set()
        assert not what or what in codes or what in r.stdout


def test_brief_missing_path(tmp_path, llm_env):
    r = _invoke(["brief", str(tmp_path / "nope.txt"), "--no-log"])
    assert r.exit_code == 3
    _check_error(r.stderr, "nope.txt", "no such file")


def test_batch_whole_corpus(corpus, tmp_path, llm_env):
    unreadable = corpus / "sub"
    unreadable.mkdir()
    (unreadable / "broken.txt").symlink_to(tmp_path / "missing-target.txt")
    os.mkfifo(unreadable / "fifo.txt")  # must not hang the batch
    locked = unreadable / "locked.txt"
    locked.write_bytes(AR.encode())
    locked.chmod(0)
    out = tmp_path / "r.jsonl"
    r = _invoke(["batch", str(corpus), str(tmp_path / "nope.txt"), "--out", str(out), "--no-progress", "--no-log"])
    assert r.exit_code == 1, r.stderr
    lines = {os.path.basename(x["source"]): x for x in read_results(out)}
    expected_names = {*CASES, "broken.txt", "fifo.txt", "locked.txt", "nope.txt"}
    assert set(lines) == expected_names
    for name, (_, expected) in CASES.items():
        kind, what = expected.split(":", 1)
        if kind == "error":
            assert not lines[name]["ok"] and lines[name]["error_type"] == "InputError"
            _check_error(r.stderr, name, what)
        else:
            assert lines[name]["ok"], lines[name]
            assert not what or what in {w["code"] for w in lines[name]["result"]["warnings"]}
    _check_error(r.stderr, "broken.txt", "broken symbolic link")
    _check_error(r.stderr, "fifo.txt", "not a regular file")
    _check_error(r.stderr, "nope.txt", "no such file")
    if os.geteuid() == 0:  # root reads a chmod-000 file anyway: it is then a valid article
        assert lines["locked.txt"]["ok"]
    else:
        _check_error(r.stderr, "locked.txt", "permission denied")


def test_invalid_utf8_is_not_mojibake(tmp_path):
    from summarizer.article import read_article
    from summarizer.errors import InputError

    data = AR.encode()[:40] + b"\xc3\x28\xff" + AR.encode()[40:]
    try:
        art = read_article(data, name="bad-utf8.txt")
    except InputError as exc:
        assert "bad-utf8.txt" in str(exc)
        return
    assert "الشرطة" in art.text
    assert any(w.code == "encoding" for w in art.warnings)
