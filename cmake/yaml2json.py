"""Converts docs/openapi.yaml to compact JSON for the server to serve (build step)."""
import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as src:
    document = yaml.safe_load(src)
with open(sys.argv[2], "w", encoding="utf-8") as dst:
    json.dump(document, dst, separators=(",", ":"))
