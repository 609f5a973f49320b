"""Pieces shared by the LLM engines (hosted via litellm, local via llama.cpp). No heavy imports."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from ..article import Article
from ..records import SCHEMA_VERSION, ArticleAnalysis, ExtractionOutput, Provenance, Usage

# Bounds used only for grammar-constrained decoding (llama.cpp): every output that fits them
# also validates as `ExtractionOutput`, but a small model cannot loop inside one string or list
# until max_tokens runs out.
_MAX_STRING = 240
_MAX_ITEMS = 3


@lru_cache(maxsize=1)
def extraction_schema() -> dict[str, Any]:
    return ExtractionOutput.model_json_schema()


def bounded_schema(max_string: int = _MAX_STRING, max_items: int = _MAX_ITEMS) -> dict[str, Any]:
    """The `ExtractionOutput` JSON schema with length caps, and without grounding-only fields.

    The fields grounding fills (`start`, `end`, `alignment`, `usd_computed`) are dropped so the
    model cannot spend tokens on them; they stay optional in the real schema.
    """
    schema = copy.deepcopy(extraction_schema())
    drop = {"start", "end", "alignment", "usd_computed"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node and "format" not in node:
                node.setdefault("maxLength", max_string)
            if node.get("type") == "array":
                node["maxItems"] = min(node.get("maxItems", max_items), max_items)
            props = node.get("properties")
            if isinstance(props, dict):
                for k in drop & props.keys():
                    if k not in node.get("required", []):
                        del props[k]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return schema


def build_analysis(output: ExtractionOutput, article: Article, *, engine: str, model: str,
                   prompt_name: str, prompt_version: str, usage: Usage, attempts: int) -> ArticleAnalysis:
    return ArticleAnalysis(
        brief=output.brief,
        incidents=output.incidents,
        warnings=[],
        provenance=Provenance(
            engine=engine, model=model, prompt_name=prompt_name, prompt_version=prompt_version,
            schema_version=SCHEMA_VERSION, article_sha256=article.sha256, source=article.source,
            published=article.published, attempts=attempts, usage=usage,
        ),
    )


def total_usage(usages: list[Usage]) -> Usage:
    total = Usage()
    for u in usages:
        total = total + u
    return total


def short(text: object, limit: int = 300) -> str:
    s = str(text).replace("\n", " ")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def params_json(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, ensure_ascii=False)
