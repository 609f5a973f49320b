"""The eval suite prompt authors run before every prompt change (`summarizer eval`).

- `dataset`  gold cases (evals/dataset.yaml) + robustness variants derived at load time
- `store`    model outputs stored by content (evals/runs/<key>.json)
- `runner`   generate-or-load, then score
- `scorers`  deterministic scorers: contract, numbers, entities, record fields, grounding, injection
- `report`   report.md / report.json / report.html and the terminal table
- `compare`  two report.json side by side
- `gate`     thresholds from evals/config.yaml → exit 0 / 1 / 2

No LLM judge: every score here is deterministic (an optional judge is not built).
"""
