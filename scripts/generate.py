"""Regenerate generated/ from openapi.yaml and generator-config.yaml.

Usage: python scripts/generate.py            # rewrite generated/mistral_generated
       python scripts/generate.py --check    # regenerate into a temp dir, fail on any diff
"""

from __future__ import annotations

import argparse
import ast
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yaml"
PACKAGE = "mistral_generated"
TARGET = ROOT / "generated" / PACKAGE
HELPERS = ROOT / "overlay" / "mistral_client" / "_model_helpers.py"
HELPERS_MODULE = "mistral_client._model_helpers"


def _helpers_constant(name: str) -> Any:
    """A literal constant of the overlay's helpers module, read without importing it."""
    for node in ast.parse(HELPERS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise SystemExit(f"{HELPERS} defines no {name}")


def add_mixins(package: Path) -> None:
    """Give every generated model its overlay mixin as a base class (`MIXINS`, else the default).

    The generator has no setting for base classes and a custom template would be a copy of
    its own; this edit is one line per class, deterministic, and checked by --check.
    """
    mixins: dict[str, str] = dict(_helpers_constant("MIXINS"))
    default: str = _helpers_constant("DEFAULT_MIXIN")
    for path in sorted((package / "models").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r"^class (\w+):$", source, flags=re.M):
            mixin = mixins.pop(name, default)
            source = source.replace(f"\nclass {name}:\n", f"\nclass {name}({mixin}):\n", 1)
            anchor = "\nfrom attrs import define as _attrs_define\n"
            source = source.replace(anchor, f"{anchor}\nfrom {HELPERS_MODULE} import {mixin}\n", 1)
            path.write_text(source, encoding="utf-8")
    if mixins:
        raise SystemExit(f"no generated class for the mixins of {sorted(mixins)}")


ALWAYS_LIST = "x-always-list"


def always_list_fields() -> list[tuple[str, str]]:
    """(schema, property) pairs openapi.yaml marks `x-always-list: true`.

    The API omits such a list or sends `null` when it is empty (a reply's `tool_calls`); users
    should read a list either way, which the generator can't express: it drops list defaults.
    """
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return sorted(
        (schema_name, name)
        for schema_name, schema in spec["components"]["schemas"].items()
        for name, node in schema.get("properties", {}).items()
        if node.get(ALWAYS_LIST)
    )


def _replace_once(source: str, old: str, new: str, where: str) -> str:
    if source.count(old) != 1:
        raise SystemExit(f"{where}: expected exactly one `{old.strip()}` in the generated code")
    return source.replace(old, new)


def make_lists_always_lists(package: Path) -> None:
    """Type each `x-always-list` field `list[X]`: absent or null is read as `[]`, `[]` not sent.

    Three exact edits per field of the generated model, each required to match once, so a
    generator upgrade that changes the shape fails here instead of generating something else.
    """
    for schema_name, name in always_list_fields():
        paths = [
            path
            for path in sorted((package / "models").glob("*.py"))
            if re.search(rf"^class {schema_name}\b", path.read_text(encoding="utf-8"), re.M)
        ]
        if len(paths) != 1:
            raise SystemExit(f"{ALWAYS_LIST}: no single generated class {schema_name}")
        where = f"{schema_name}.{name}"
        source = paths[0].read_text(encoding="utf-8")
        item = re.search(rf"^    {name}: list\[(\w+)\] \| None \| Unset = UNSET$", source, re.M)
        if item is None:
            raise SystemExit(f"{where}: {ALWAYS_LIST} needs `anyOf: [array of $ref, null]`")
        source = _replace_once(
            source,
            item.group(0),
            f"    {name}: list[{item.group(1)}] = _attrs_field(factory=list)",
            where,
        )
        source = _replace_once(
            source,
            f' = _parse_{name}(d.pop("{name}", UNSET))\n',
            f' = _parse_{name}(d.pop("{name}", UNSET)) or []\n',
            where,
        )
        source = _replace_once(
            source, f"        if {name} is not UNSET:\n", f"        if {name}:\n", where
        )
        paths[0].write_text(source, encoding="utf-8")


def _generate_into(workdir: Path) -> Path:
    """Run the generator in `workdir` and return the package folder it wrote."""
    out = workdir / "out"
    bin_dir = Path(sys.executable).parent
    generator = bin_dir / "openapi-python-client"
    command = [
        str(generator),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--meta",
        "setup",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    # The post-hooks call `ruff`; the pinned one lives beside this interpreter.
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(workdir)}
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed with exit code {result.returncode}")
    package = out / PACKAGE
    add_mixins(package)
    make_lists_always_lists(package)
    # The emulator validates requests against the same spec: ship it as package data.
    shutil.copyfile(SPEC, package / "openapi.yaml")
    return package


def _differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (added, removed or changed)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files:
            found.append(prefix + name)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    walk(comparison, "")
    # Fresh files never share an mtime with the committed ones, so dircmp compares bytes.
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mistral-generate-") as tmp:
        fresh = _generate_into(Path(tmp))
        if args.check:
            if not TARGET.exists():
                print(f"{TARGET.relative_to(ROOT)} is missing: run `make generate`")
                return 1
            stale = _differences(fresh, TARGET)
            if stale:
                print("generated/ differs from what openapi.yaml + generator-config.yaml produce:")
                for path in stale:
                    print(f"  {path}")
                print("run `make generate` and commit the result")
                return 1
            print("generated/ is up to date")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)  # --overwrite would keep stale files of removed operations
        shutil.copytree(fresh, TARGET, ignore=shutil.ignore_patterns("__pycache__"))
        print(f"wrote {TARGET.relative_to(ROOT)}")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
