"""The output schema: round-trips, constraints, and the committed JSON Schemas."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.records import ArticleAnalysis, Money, Usage
from summarizer.schemas import dump, json_schemas

ROOT = Path(__file__).resolve().parents[1]
SEED_003 = (ROOT / "seeds" / "003_d0fc6795cfc61d73.txt").read_text(encoding="utf-8")


def load_seed003() -> ArticleAnalysis:
    return ArticleAnalysis.model_validate_json((ROOT / "tests/data/seed003_analysis.json").read_text("utf-8"))


def test_hand_written_record_round_trips():
    a = load_seed003()
    again = ArticleAnalysis.model_validate_json(a.model_dump_json())
    assert again == a
    assert len(a.incidents) == 2
    assert a.incidents[1].money[0].currency == "IQD"
    assert a.incidents[1].money[0].usd_as_stated_min == 30000


def test_hand_written_quotes_are_verbatim_in_the_seed():
    a = load_seed003()
    quotes = [e.quote for p in a.brief.key_points for e in p.evidence]
    for inc in a.incidents:
        quotes += [e.quote for e in inc.evidence]
        for part in (*inc.money, *inc.counts, *inc.actors, inc.place, inc.date):
            quotes += [e.quote for e in part.evidence]
    assert quotes and all(q in SEED_003 for q in quotes), [q for q in quotes if q not in SEED_003]


def test_not_reported_is_none_not_zero():
    m = Money(role="loss", currency="USD", raw="خسائر")
    assert m.min is None and m.max is None


def test_unknown_fields_and_values_are_rejected():
    data = json.loads((ROOT / "tests/data/seed003_analysis.json").read_text("utf-8"))
    data["incidents"][0]["crime_types"] = ["jaywalking"]
    with pytest.raises(ValidationError):
        ArticleAnalysis.model_validate(data)
    data = json.loads((ROOT / "tests/data/seed003_analysis.json").read_text("utf-8"))
    data["brief"]["invented_field"] = 1
    with pytest.raises(ValidationError):
        ArticleAnalysis.model_validate(data)


def test_key_points_are_bounded():
    data = json.loads((ROOT / "tests/data/seed003_analysis.json").read_text("utf-8"))
    data["brief"]["key_points"] = data["brief"]["key_points"] * 3  # 9 points
    with pytest.raises(ValidationError):
        ArticleAnalysis.model_validate(data)


def test_usage_sums_and_unpriced_stays_unpriced():
    priced = Usage(input_tokens=10, output_tokens=5, requests=1, cost_usd=0.01)
    unpriced = Usage(input_tokens=1, output_tokens=1, requests=1, cost_usd=None)
    assert (priced + priced).cost_usd == pytest.approx(0.02)
    total = priced + unpriced
    assert total.total_tokens == 17 and total.requests == 2
    assert total.cost_usd is None  # never a fake partial sum
    assert (Usage() + priced) == priced


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_committed_schemas_match_the_models(name):
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == dump(json_schemas()[name]), (
        f"schemas/{name} drifted from summarizer/records.py: run `summarizer schema --write schemas`"
    )
