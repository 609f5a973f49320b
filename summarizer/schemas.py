"""JSON Schemas generated from the records; `schemas/` holds the committed copies."""

from __future__ import annotations

import json
from pathlib import Path

from .records import ArticleAnalysis, ExtractionOutput

#: file name → model. ExtractionOutput is what an LLM is asked to produce.
SCHEMAS = {
    "article_analysis.schema.json": ArticleAnalysis,
    "extraction_output.schema.json": ExtractionOutput,
}


def json_schemas() -> dict[str, dict]:
    return {name: model.model_json_schema() for name, model in SCHEMAS.items()}


def dump(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Regenerate the committed schema files (run after changing `records.py`)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = directory / name
        path.write_text(dump(schema), encoding="utf-8")
        written.append(path)
    return written
