"""A dashboard table as XLSX at the size of the whole programme (83,762 villages, one row each,
shaped like the stage list: desa, kecamatan, stage, status, date), built from rows already in
memory, so that only the workbook is measured: its CPU time and the memory it needs on top of
the rows (tracemalloc's peak, in a second run: tracing slows the first). Prints figures; a
benchmark, not a test. No database.

    uv run python bench/bench_xlsx_rows.py [--rows 83762] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime
import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

NATIONAL_VILLAGES = 83_762


def synthetic_table(rows: int) -> Any:
    from rembuk.programme.tables import Table

    stages = [f"{number}. Tahap {number}" for number in range(1, 9)]
    statuses = ["Sedang berjalan", "Selesai"]
    start = datetime.date(2024, 1, 1)
    listed: list[list[Any]] = []
    for number in range(rows):
        if number % 5 == 4:
            listed.append([f"Desa {number}", f"Kecamatan {number // 20}", "Belum ada", None, None])
            continue
        day = start + datetime.timedelta(days=number % 360)
        listed.append(
            [
                f"Desa {number}",
                f"Kecamatan {number // 20}",
                stages[number % 8],
                statuses[number % 2],
                day,
            ]
        )
    return Table(
        key="tahapan-desa",
        title="Tahap setiap desa",
        headers=["Desa", "Kecamatan", "Tahap sekarang", "Status", "Tanggal"],
        rows=listed,
        note="Buka sebuah desa untuk melihat delapan tahapnya.",
        total=rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=NATIONAL_VILLAGES)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from openpyxl import load_workbook

    from rembuk.programme.spreadsheet import table_xlsx

    board = cast(
        Any,
        SimpleNamespace(
            scope=SimpleNamespace(title="Program nasional"),
            year=2024,
            today=datetime.date(2024, 12, 5),
        ),
    )
    table = synthetic_table(args.rows)
    table_xlsx(board, table)  # warm-up: imports, translations
    cpu = []
    for _run in range(max(1, args.runs)):
        started = time.process_time()
        data = table_xlsx(board, table)
        cpu.append((time.process_time() - started) * 1000)
    tracemalloc.start()
    table_xlsx(board, table)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    written = sum(1 for _row in sheet.iter_rows(values_only=True))
    print(
        f"table_xlsx, {args.rows} rows: CPU {statistics.median(cpu):.0f} ms (median of "
        f"{len(cpu)}), peak memory {peak / 2**20:.1f} MiB on top of the rows, "
        f"{len(data) / 1024:.0f} KB, {written} rows read back; load {harness.load():.1f}"
    )


if __name__ == "__main__":
    main()
