#!/usr/bin/env python3
"""Rebuilds fuzz/seeds/ from the repository's real files: run from anywhere, then commit.

seeds/yaml/          every roster, alarm and fixture YAML file
seeds/front_matter/  every playbook (playbooks/*.md and the fixtures' Markdown)
seeds/lint/, seeds/generate/
                     one seed per repository (this one and each fixture repository):
                     its roster/, alarms/ and playbooks/ files as `path\\n<bytes>`, joined by
                     0xFF (the encoding of `Mem::decode` in fuzz/src/lib.rs)

The fixtures are tests/fixtures/ and the CLI cases' folders tests/cmd/<case>.in/. Cases often
hold byte-identical copies of one repository: a case file or repository whose bytes are
already a seed adds none.
"""
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
CASES = ROOT / "tests" / "cmd"
DIRS = ("roster", "alarms", "playbooks")


def name(path):
    return str(path.relative_to(ROOT)).replace("/", "__")


def files_of(root):
    out = []
    for d in DIRS:
        if (root / d).is_dir():
            out += [p for p in sorted((root / d).rglob("*")) if p.is_file()]
    return out


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    for target in ("yaml", "front_matter", "lint", "generate"):
        (SEEDS / target).mkdir(parents=True)
    fixtures = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    cases = sorted(p for case in CASES.glob("*.in") if case.is_dir() for p in case.rglob("*") if p.is_file())
    real = files_of(ROOT)
    seen = set()
    for path in real + fixtures + cases:
        data = path.read_bytes()
        if path.is_relative_to(CASES) and data in seen:
            continue
        seen.add(data)
        if path.suffix in (".yaml", ".yml"):
            shutil.copy(path, SEEDS / "yaml" / name(path))
        elif path.suffix.lower() == ".md":
            shutil.copy(path, SEEDS / "front_matter" / name(path))
    roots = [ROOT] + sorted({p.parent.parent for p in fixtures if p.parent.name in DIRS})
    roots += sorted({p.parent.parent for p in cases if p.parent.name in DIRS})
    seen = set()
    for root in roots:
        files = files_of(root)
        if not any(p.parent.name in DIRS and p.parent.parent == root for p in files):
            continue
        chunks = [str(p.relative_to(root)).encode() + b"\n" + p.read_bytes() for p in files]
        seed = b"\xff".join(sorted(chunks))
        if root.is_relative_to(CASES):
            if seed in seen:
                continue
            # tests/cmd/lint-root-flag.in/repo -> cmd__lint-root-flag__repo
            case, *rest = root.relative_to(CASES).parts
            label = "__".join(["cmd", case.removesuffix(".in"), *rest])
        elif root == ROOT:
            label = "example"
        else:
            label = str(root.relative_to(FIXTURES)).replace("/", "__")
        seen.add(seed)
        for target in ("lint", "generate"):
            (SEEDS / target / label).write_bytes(seed)


if __name__ == "__main__":
    main()
