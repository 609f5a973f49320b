"""The eval suite: dataset, scorers on hand-made predictions, store/runner, gate exit codes, CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from summarizer.engines import EngineRun
from summarizer.errors import ProviderError
from summarizer.evals.dataset import EVALS_DIR, load_dataset
from summarizer.evals.oracle import OracleEngine, oracle_analysis
from summarizer.evals.report import EDITOR_METRICS
from summarizer.evals.scorers import score_case

REPO = EVALS_DIR.parent
COUNTS = ("invented_numbers", "invented_names", "injection_leaks", "record_invented", "record_wrong")


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def case(ds, cid):
    return next(c for c in ds.cases if c.id == cid)


def perfect(c):
    return oracle_analysis(c.gold, c.article.sha256)


def metrics(c, a):
    """The record/number/entity metrics (the editor's metrics are tested in test_eval_editor.py)."""
    m = score_case(c, a).metrics
    m.pop("grounding_rate")  # the oracle carries no evidence quotes; grounding is scored on real engines
    return {k: v for k, v in m.items() if k not in EDITOR_METRICS}


def changed(c, a) -> dict:
    base, now = metrics(c, perfect(c)), metrics(c, a)
    return {k: (base[k], now[k]) for k in base if base[k] != now[k]}


# ---- dataset -------------------------------------------------------------------------------------

def test_dataset_loads_with_variants(ds):
    seeds = [c for c in ds.cases if c.gold.seed]
    assert len(seeds) == 5 * (7 + 3)  # robustness variants + counterfactuals
    assert all(c.split == "dev" for c in seeds)
    assert len(ds.sha256) == 64
    c = case(ds, "s002-kazakhstan-stats~eastern_digits")
    assert "١٠٠٠" in c.article.text and "1000" not in c.article.text
    injected = case(ds, "s000-france-arrests~injection").article
    assert "987" in injected.text and "987" not in injected.content  # planted: marked, never a source
    assert injected.injected
    assert case(ds, "s004-us-terror-financing~html").article.content.strip()
    # Windows-1256 bytes decode back to the same article content
    assert case(ds, "s003-iraq-extortion~cp1256").article.content == case(ds, "s003-iraq-extortion").article.content
    # the page furniture's numbers are boilerplate, not content
    assert "600" not in case(ds, "s000-france-arrests~boilerplate").article.content
    shuffled = case(ds, "s000-france-arrests~shuffled").article.content.split("\n\n")
    assert shuffled[1:] != case(ds, "s000-france-arrests").article.content.split("\n")[1:]


def test_broken_gold_fails_validation(tmp_path):
    d = _tmp_evals(tmp_path)
    text = (d / "dataset.yaml").read_text(encoding="utf-8").replace("country: [KZ]", "country: [Kazakhstan]", 1)
    (d / "dataset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="ISO 3166"):
        load_dataset(d, repo_root=REPO)


# ---- scorers ------------------------------------------------------------------------------------

def test_perfect_prediction_scores_one(ds):
    """The gold's own answer is perfect on every editor metric, everywhere; on the number and
    entity metrics it is checked on the seeds and their variants (the oracle writes each fact's
    English and Arabic as the gold words them, and authored facts need not print the same numbers)."""
    for c in ds.cases:
        m = score_case(c, perfect(c)).metrics
        assert (m["false_claims"], m["must_not_say"], m["key_fact_recall"], m["incident_count_ok"]) == \
            (0.0, 0.0, 1.0 if c.gold.key_facts else None, 1.0), c.id
        if c.gold.authored:
            continue
        for k, v in metrics(c, perfect(c)).items():
            if v is None:
                continue
            assert v == (0.0 if k in COUNTS else 1.0), (c.id, k, v)


def test_invented_number_lowers_only_invented_numbers(ds):
    c = case(ds, "s000-france-arrests")
    a = perfect(c)
    a.brief.key_points[0].en += " Some 4,321 officers took part."
    a.brief.key_points[0].ar += " وشارك 4321 شرطيا."
    assert changed(c, a) == {"invented_numbers": (0.0, 2.0)}


def test_boilerplate_number_counts_as_invented(ds):
    c = case(ds, "s000-france-arrests~boilerplate")
    a = perfect(c)
    a.brief.key_points[0].en += " Hackers stole $600 million."
    ch = changed(c, a)
    assert ch["invented_numbers"] == (0.0, 1.0) and set(ch) == {"invented_numbers", "number_agreement"}


def test_missing_key_number_lowers_only_key_number_recall(ds):
    c = case(ds, "s000-france-arrests")
    a = perfect(c)
    b = a.brief
    b.summary_en = b.summary_en.replace("10 million euro", "large").replace("; EUR 10,000,000", "")
    b.summary_ar = b.summary_ar.replace("10 ملايين يورو", "كبيرة").replace("؛ 10 ملايين يورو", "")
    for k in b.key_points:
        k.en = k.en.replace("10 million euro", "large")
        k.ar = k.ar.replace("10 ملايين يورو", "كبيرة")
    ch = changed(c, a)
    assert set(ch) == {"key_number_recall"} and ch["key_number_recall"][1] < 1.0


def test_dropped_hedge_lowers_only_hedge_kept(ds):
    c = case(ds, "s002-kazakhstan-stats")
    a = perfect(c)
    a.brief.summary_en = a.brief.summary_en.replace("more than 1,000", "1,000")
    for k in a.brief.key_points:
        k.en = k.en.replace("more than 1,000", "1,000")
    ch = changed(c, a)
    assert set(ch) == {"hedge_kept"} and ch["hedge_kept"][1] < 1.0


def test_en_only_number_lowers_only_agreement(ds):
    c = case(ds, "s002-kazakhstan-stats")
    a = perfect(c)
    a.brief.key_points[0].en += " 130 exchanges were shut."
    ch = changed(c, a)
    assert set(ch) == {"number_agreement"}


def test_missing_entity_lowers_only_entity_recall(ds):
    c = case(ds, "s000-france-arrests")
    a = perfect(c)
    b = a.brief
    b.summary_en = b.summary_en.replace("David Balland", "a co-founder")
    for k in b.key_points:
        k.en = k.en.replace("David Balland", "a co-founder")
    b.headline_en = b.headline_en.replace("David Balland", "a co-founder")
    assert set(changed(c, a)) == {"entity_recall"}


def test_script_error_lowers_only_contract(ds):
    c = case(ds, "s003-iraq-extortion")
    a = perfect(c)
    a.brief.headline_ar = "Breaking news from Iraq today in English"
    assert changed(c, a) == {"contract": (1.0, 0.0)}


def test_too_few_key_points_fails_contract(ds):
    c = case(ds, "s003-iraq-extortion")
    a = perfect(c)
    del a.brief.key_points[2:]
    assert changed(c, a) == {"contract": (1.0, 0.0)}


def test_injected_amount_is_an_injection_leak_and_invented(ds):
    # Planted instructions are never a source, so their amount counts as invented too.
    c = case(ds, "s000-france-arrests~injection")
    a = perfect(c)
    a.brief.key_points[0].en += " A ransom of $987 million was paid."
    a.brief.key_points[0].ar += " ودفعت فدية 987 مليون دولار."
    assert changed(c, a) == {"injection_leaks": (0.0, 2.0), "invented_numbers": (0.0, 2.0)}


def test_wrong_currency_is_wrong_not_invented(ds):
    c = case(ds, "s000-france-arrests")
    a = perfect(c)
    inc = next(i for i in a.incidents if i.id == "i5")
    inc.money[0].currency = "USD"
    ch = changed(c, a)
    assert set(ch) == {"record_f1", "record_precision", "record_recall", "record_wrong"}
    assert ch["record_wrong"] == (0.0, 1.0)


def test_invented_values_count_as_fa(ds):
    import datetime as dt

    from summarizer.records import DateWindow, Money

    c = case(ds, "s003-iraq-extortion")
    a = perfect(c)
    i1 = next(i for i in a.incidents if i.id == "i1")
    i1.date = DateWindow(start=dt.date(2024, 5, 6), end=dt.date(2024, 5, 6), precision="day")  # gold: not stated
    i1.money.append(Money(role="seized", min=5000, max=5000, currency="USD", raw="5000"))
    ch = changed(c, a)
    assert ch["record_invented"] == (0.0, 2.0)
    assert "record_wrong" not in ch and ch["record_precision"][1] < 1.0


def test_wrong_country_and_invented_name(ds):
    from summarizer.records import Actor

    c = case(ds, "s004-us-terror-financing")
    a = perfect(c)
    a.incidents[0].place.country = "GB"
    a.incidents[0].actors.append(Actor(role="official", kind="person", name_en="John Smith", names_ar=["جون سميث"]))
    ch = changed(c, a)
    assert ch["record_wrong"] == (0.0, 1.0)
    assert ch["invented_names"] == (0.0, 1.0)
    assert ch["record_invented"] == (0.0, 1.0)  # the extra actor
    assert not {"contract", "invented_numbers", "entity_recall"} & set(ch)


def test_merged_incidents_lose_recall(ds):
    c = case(ds, "s000-france-arrests")
    a = perfect(c)
    del a.incidents[1:]
    m = metrics(c, a)
    assert m["record_recall"] < 0.7 and m["record_precision"] == 1.0


# ---- runner, store, gate, CLI ----------------------------------------------------------------------

def _tmp_evals(tmp_path: Path) -> Path:
    d = tmp_path / "evals"
    d.mkdir()
    for f in ("dataset.yaml", "config.yaml"):
        shutil.copy(EVALS_DIR / f, d / f)
    (d / "baselines").mkdir()
    return d


class CountingOracle(OracleEngine):
    """An engine (stored like a real one) that answers from gold and counts its calls."""

    name = "counting"

    def __init__(self, golds, fail_on: str | None = None) -> None:
        super().__init__(golds)
        self.calls = 0
        self.fail_on = fail_on

    def fingerprint(self) -> dict[str, str]:
        return {"engine": "counting", "prompt_version": "test@1"}

    async def analyze(self, article, *, feedback: Sequence[str] = ()) -> EngineRun:
        self.calls += 1
        if self.fail_on and self._golds[article.sha256].id == self.fail_on:
            raise ProviderError("rate limited")
        return await super().analyze(article, feedback=feedback)


def _gate(d: Path, engine, cases="s00[34]*", rescore=False):
    from summarizer.evals.gate import evaluate, load_config
    from summarizer.evals.report import build_report
    from summarizer.evals.runner import run_cases
    from summarizer.evals.store import Store

    ds = load_dataset(d, repo_root=REPO)
    results = run_cases(ds.select(cases), engine, Store(d / "runs"), rescore=rescore)
    config, sha = load_config(d)
    report = build_report(results=results, dataset=ds, engine={"name": engine.name,
                          "fingerprint": engine.fingerprint()}, config=config, config_sha256=sha, rescore=rescore)
    return report, evaluate(report, config, d)


def _bless(d: Path, report: dict, name: str) -> None:
    (d / "baselines" / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


def test_store_gate_exit_codes(tmp_path):
    d = _tmp_evals(tmp_path)
    golds = {c.article.sha256: c.gold for c in load_dataset(d, repo_root=REPO).cases}
    eng = CountingOracle(golds)
    report, gate = _gate(d, eng)
    assert gate.exit_code == 2 and "floor" in " ".join(gate.reasons)  # no floor baseline: incomplete
    keys = {c["store_key"] for c in report["cases"]}  # variants that prepare to the same text share a key
    first = eng.calls
    assert len(keys) <= first <= len(report["cases"]) and len(list((d / "runs").glob("*.json"))) == len(keys)
    _bless(d, report, "rules")
    _bless(d, report, "test")
    report, gate = _gate(d, eng)
    assert gate.exit_code == 0, gate.reasons
    assert eng.calls == first  # second run of an unchanged prompt: no engine call
    # rescore never calls the engine; a deleted stored output makes the run incomplete
    sorted((d / "runs").glob("*.json"))[0].unlink()
    _, gate = _gate(d, eng, rescore=True)
    assert gate.exit_code == 2 and eng.calls == first
    # breaking one gold value is a regression
    text = (d / "dataset.yaml").read_text(encoding="utf-8")
    (d / "dataset.yaml").write_text(text.replace("min: 50000000, max: 50000000", "min: 40000000, max: 40000000"),
                                    encoding="utf-8")
    _, gate = _gate(d, eng, rescore=False)
    assert gate.exit_code == 1, gate.reasons


def test_engine_error_is_incomplete_and_never_stored(tmp_path):
    d = _tmp_evals(tmp_path)
    golds = {c.article.sha256: c.gold for c in load_dataset(d, repo_root=REPO).cases}
    _bless(d, {"dataset": {"sha256": ""}, "cases": []}, "rules")
    eng = CountingOracle(golds, fail_on="s003-iraq-extortion")
    report, gate = _gate(d, eng)
    assert gate.exit_code == 2
    assert sum(c["status"] == "error" for c in report["cases"]) == 7
    ok_keys = {c["store_key"] for c in report["cases"] if c["status"] == "ok"}
    assert {p.stem for p in (d / "runs").glob("*.json")} == ok_keys


def test_cli_eval_compare_bless(tmp_path, monkeypatch):
    from summarizer.cli import evals as cli_evals

    app = typer.Typer()
    cli_evals.register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps `eval` a sub-command
        pass

    d = _tmp_evals(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["eval", "--engine", "oracle", "--evals-dir", str(d), "--out", "r1"])
    assert r.exit_code == 2, r.output  # no floor baseline yet
    report = tmp_path / "r1" / "report.json"
    html = (tmp_path / "r1" / "report.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and 'dir="rtl"' in html
    assert (tmp_path / "r1" / "report.md").exists()
    r = CliRunner().invoke(app, ["eval", "bless", str(report), "--name", "rules", "--evals-dir", str(d)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["eval", "--engine", "oracle", "--evals-dir", str(d), "--out", "r2"])
    assert r.exit_code == 0, r.output
    assert "s000-france-arrests" in r.output
    r = CliRunner().invoke(app, ["eval", "--engine", "oracle", "--evals-dir", str(d), "--cases", "nothing*",
                                 "--out", "r3"])
    assert r.exit_code == 2
    r = CliRunner().invoke(app, ["eval", "compare", str(report), str(tmp_path / "r2" / "report.json")])
    assert r.exit_code == 0 and "New invented facts (0)" in r.output


def _rules_copy(tmp_path: Path) -> Path:
    d = tmp_path / "evals"
    shutil.copytree(EVALS_DIR, d)
    return d


def test_rules_engine_committed_outputs(tmp_path, monkeypatch):
    """Rule-engine outputs rescore to exit 0; a broken gold value gives 1; a deleted output 2."""
    if not (EVALS_DIR / "baselines" / "rules.json").exists():
        pytest.skip("no committed rules baseline")
    from summarizer.cli.evals import run_eval

    monkeypatch.chdir(tmp_path)
    d = _rules_copy(tmp_path)
    # the rule engine may have changed since the outputs were committed: regenerate, then bless (in the copy)
    run_eval(engine="rules", evals_dir=d, out=tmp_path / "gen")
    shutil.copy(tmp_path / "gen" / "report.json", d / "baselines" / "rules.json")
    assert run_eval(engine="rules", rescore=True, evals_dir=d, out=tmp_path / "a") == 0
    text = (d / "dataset.yaml").read_text(encoding="utf-8")
    (d / "dataset.yaml").write_text(text.replace("min: 50000000, max: 50000000", "min: 40000000, max: 40000000"),
                                    encoding="utf-8")
    assert run_eval(engine="rules", rescore=True, evals_dir=d, out=tmp_path / "b") == 1
    (d / "dataset.yaml").write_text(text, encoding="utf-8")
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    (d / "runs" / f"{report['cases'][0]['store_key']}.json").unlink()
    assert run_eval(engine="rules", rescore=True, evals_dir=d, out=tmp_path / "c") == 2
