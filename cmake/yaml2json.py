"""Converts docs/openapi.yaml to compact JSON for the server to serve (build step).

A repeated key is an error: YAML keeps the last one silently, and a merge that lost a path's key
line once made its operations overwrite the path above it."""
import json
import sys

import yaml


class UniqueKeyLoader(yaml.SafeLoader):
    pass


def construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"repeated key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)

with open(sys.argv[1], encoding="utf-8") as src:
    document = yaml.load(src, Loader=UniqueKeyLoader)
with open(sys.argv[2], "w", encoding="utf-8") as dst:
    json.dump(document, dst, separators=(",", ":"))
