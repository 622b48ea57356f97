"""Reads the YAML that tests/cloudformation.rs (written_yaml_reads_back_in_yaml_1_1_and_1_2)
writes with the templates' YAML writer back with PyYAML, a YAML 1.1 reader like
CloudFormation's, and compares it with the same value as JSON. Usage: yaml_readback.py DIR"""
import json
import pathlib
import sys

import yaml

folder = pathlib.Path(sys.argv[1])
expected = json.loads((folder / "cases.json").read_text(encoding="utf-8"))
actual = yaml.safe_load((folder / "cases.yaml").read_text(encoding="utf-8"))


def differences(a, b, where="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            missing = [k for k in a if k not in b][:5]
            extra = [k for k in b if k not in a][:5]
            yield f"{where}: keys differ, missing {missing!r}, unexpected {extra!r}"
        for key in a:
            if key in b:
                yield from differences(a[key], b[key], f"{where}.{key!r}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{where}[{n}]")
    elif type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool)) or a != b:
        yield f"{where}: expected {a!r}, PyYAML read {b!r}"


found = list(differences(expected, actual))
for line in found[:40]:
    print(line)
if found:
    sys.exit(f"{len(found)} values read back differently")
print(f"yaml readback: every value read back by PyYAML {yaml.__version__} as written")
