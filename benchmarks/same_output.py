"""Did a speed change alter any output? Save the parts of every document now, compare later.

    python benchmarks/same_output.py --save /tmp/before      # on the old code
    python benchmarks/same_output.py --compare /tmp/before   # on the new code: lists every part that differs

Documents: every example in examples/, every built-in template's example, the
benchmark's work summary at 1, 8 and 80 sections, and each unit of
examples/batch-schools.xlsx through ``edureport batch``. Parts: every XML part
of each .docx except docProps/core.xml (it holds the time of creation).
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import sample_data  # noqa: E402

from edureport.pipeline import render  # noqa: E402
from edureport.templating.registry import get_registry  # noqa: E402


def documents() -> dict[str, bytes]:
    found = {f"example-{path.stem}": render(path) for path in sorted((ROOT / "examples").glob("*.yaml"))}
    found.update({f"template-{spec.id}": render(spec.example_path, spec.id)
                  for spec in get_registry() if spec.example_path and spec.example_path.exists()})
    found.update({f"sample-{n}": render(sample_data.work_summary(n, seed=n), "work-summary") for n in (1, 8, 80)})
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "edureport", "batch", str(ROOT / "examples" / "batch-schools.xlsx"),
                        "-o", folder], check=True, capture_output=True)
        found.update({f"batch-{path.stem}": path.read_bytes() for path in sorted(Path(folder).glob("*.docx"))})
    return found


def parts(docx: bytes) -> dict[str, bytes]:
    package = zipfile.ZipFile(io.BytesIO(docx))
    return {name: package.read(name) for name in package.namelist()
            if name.endswith((".xml", ".rels")) and name != "docProps/core.xml"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="folder to save the parts in")
    action.add_argument("--compare", type=Path, help="folder saved earlier")
    args = parser.parse_args()
    folder = args.save or args.compare
    now = {f"{doc}__{name.replace('/', '_')}": content
           for doc, docx in documents().items() for name, content in parts(docx).items()}
    if args.save:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in now.items():
            (folder / name).write_bytes(content)
        print(f"{len(now)} parts saved in {folder}")
        return 0
    saved = {path.name: path.read_bytes() for path in folder.iterdir()}
    differ = sorted(name for name in saved.keys() | now.keys() if saved.get(name) != now.get(name))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(now)} parts, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
