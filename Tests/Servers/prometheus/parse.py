#!/usr/bin/env python3
"""Test tooling: parses Prometheus text exposition with the reference Python parser (prometheus_client) and
prints the samples as JSON, so Swift tests check /metrics with a real parser rather than their own.

    python3 parse.py FILE   ->   {"families": {"name": "type", ...},
                                  "samples": [{"name": ..., "labels": {...}, "value": 1.0}, ...]}

Exits 1 with the parser's message when the text does not parse.
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        text = handle.read()
    families = {}
    samples = []
    try:
        for family in text_string_to_metric_families(text):
            families[family.name] = family.type
            for sample in family.samples:
                value = sample.value
                samples.append({"name": sample.name, "labels": dict(sample.labels),
                                "value": None if math.isnan(value) else value})
    except Exception as error:  # the parser's own exceptions are plain ValueErrors
        print(f"does not parse: {error}", file=sys.stderr)
        return 1
    json.dump({"families": families, "samples": samples}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
