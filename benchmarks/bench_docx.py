"""CPU milliseconds for the .docx writer alone (``Rendered.to_docx()``: body XML, fingerprint,
deflate, zip) of a 工作总结 at three sizes, with the sizes of document.xml and of the file.

    python benchmarks/bench_docx.py

Prints the fastest of several runs (CPU time: the least disturbed by other processes) after a warm-up.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_data  # noqa: E402
from timing import least_ms  # noqa: E402

from edureport.pipeline import Pipeline  # noqa: E402


def main() -> None:
    pipeline = Pipeline()
    for sections, repeats in ((8, 200), (80, 60), (800, 15)):
        rendered = pipeline.run(sample_data.work_summary(sections), "work-summary")
        ms = least_ms(rendered.to_docx, repeats)
        docx = rendered.to_docx()
        document_xml = zipfile.ZipFile(io.BytesIO(docx)).getinfo("word/document.xml").file_size
        print(f"{sections:4d} sections: to_docx {ms:6.2f} ms CPU  document.xml {document_xml / 1000:7.0f} kB  "
              f".docx {len(docx) / 1000:5.0f} kB")


if __name__ == "__main__":
    main()
