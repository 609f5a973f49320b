"""Model outputs stored by content: `evals/runs/<key>.json`.

key = sha256 over canonical JSON of {article sha256, engine fingerprint (prompt version, model,
parameters…), schema version}: the ledger's `cache_key` with the schema version folded in. An
unchanged prompt therefore finds its outputs and makes no model call. Only successful analyses
are stored: an error is never written, so it is retried next run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ledger import cache_key
from ..records import SCHEMA_VERSION, ArticleAnalysis


def store_key(article_sha256: str, fingerprint: Mapping[str, Any]) -> str:
    return cache_key(article_sha256, {**dict(fingerprint), "_schema_version": SCHEMA_VERSION})


@dataclass(frozen=True)
class Stored:
    key: str
    analysis: ArticleAnalysis
    meta: dict[str, Any]


class Store:
    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.json"

    def get(self, key: str) -> Stored | None:
        p = self.path(key)
        if not p.exists():
            return None
        data = json.loads(p.read_text(encoding="utf-8"))
        return Stored(key=key, analysis=ArticleAnalysis.model_validate(data["analysis"]), meta=data.get("meta", {}))

    def put(self, key: str, analysis: ArticleAnalysis, meta: Mapping[str, Any]) -> Path:
        """Write atomically (a crash never leaves a half-written output that later loads)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"key": key, "meta": dict(meta), "analysis": analysis.model_dump(mode="json")},
                          ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(body + "\n")
        os.replace(tmp, self.path(key))
        return self.path(key)
