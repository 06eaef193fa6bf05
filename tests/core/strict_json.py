# The strict parser of tests/core/tst_jsonwriter: one JSON document per line on stdin, each
# refused unless it is strict JSON (UTF-8, no NaN/Infinity, no duplicate keys, no lone surrogates).
import json, sys
def constant(c):
    raise ValueError("non-standard constant " + c)
def pairs(items):
    keys = [k for k, _ in items]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(items)
def walk(v):
    if isinstance(v, str):
        v.encode("utf-8")  # a lone surrogate (raw or escaped) cannot be encoded: not Unicode text
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, dict):
        for k, x in v.items(): walk(k); walk(x)
text = sys.stdin.buffer.read().decode("utf-8", errors="strict")
n = 0
for i, line in enumerate(text.split("\n")):
    if not line:
        continue
    try:
        walk(json.loads(line, strict=True, parse_constant=constant, object_pairs_hook=pairs))
    except Exception as e:
        print("document", i, "refused:", repr(e), line[:200])
        sys.exit(1)
    n += 1
print("ok", n)
