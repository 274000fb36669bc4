"""How fast ``read_gov_csv`` reads a big portal export, against plain pandas told the dialect in advance.

The file is the worst case for the reader: 200,000 rows, 20 columns, Windows-1252, ``;``, a title line,
twelve money columns of almost only distinct ``1.234,56`` values, dates, codes with leading zeros and Sim/Não.
The baseline is ``pandas.read_csv`` given the encoding, separator, header row, decimal and thousands marks
(what an expert would type after inspecting the file by hand), so the ratio is the price of detecting
everything and typing every column.

Usage: ``python benchmarks/bench_govcsv.py [--rows 200000] [--repeat 3] [--quick]``;
writes ``benchmarks/results/govcsv.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def write_export(path: Path, rows: int) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    cents = rng.integers(0, 10**10, size=(rows, 12))
    english = "\n".join(map("{:,.2f}".format, (cents.ravel() / 100).tolist()))
    money = english.translate(str.maketrans({",": ".", ".": ","})).split("\n")
    days = pd.date_range("2024-01-01", periods=366).strftime("%d/%m/%Y").to_numpy()
    columns = [
        [f"{v:02d}" for v in rng.integers(0, 100, rows).tolist()],
        rng.choice(["Saúde", "Educação", "Obras", "Assistência Social"], rows).tolist(),
        rng.choice([f"Ação nº {i}, manutenção" for i in range(300)], rows).tolist(),
        days[rng.integers(0, 366, rows)].tolist(),
        ["2024"] * rows,
        rng.choice(["Sim", "Não"], rows).tolist(),
        [f"{v:014d}" for v in rng.integers(10**12, 10**13, rows).tolist()],
        [str(v) for v in rng.integers(1, 5000, rows).tolist()],
        *(money[j::12] for j in range(12)),
    ]
    header = "Código;Órgão;Ação;Data;Exercício;Ativo;CNPJ;Quantidade;" + ";".join(f"Valor {j} (R$)" for j in range(12))
    body = "\r\n".join(map(";".join, zip(*columns, strict=True)))
    path.write_bytes(f"Prefeitura de Exemplo - Execução 2024\r\n{header}\r\n{body}\r\n".encode("cp1252"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="50,000 rows, 3 repeats")
    args = parser.parse_args()
    rows = 50_000 if args.quick else args.rows

    import pandas as pd

    from civic_kit.data import read_gov_csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        write_export(path, rows)
        ours, baseline = [], []
        for _ in range(max(args.repeat, 3)):
            start = time.perf_counter()
            _frame, report = read_gov_csv(path)
            ours.append(time.perf_counter() - start)
            assert report.rows == rows and report.rows_skipped == 0
            start = time.perf_counter()
            plain = pd.read_csv(
                path,
                encoding="cp1252",
                sep=";",
                skiprows=1,
                decimal=",",
                thousands=".",
                dtype={"Código": str, "CNPJ": str},
            )
            baseline.append(time.perf_counter() - start)
            assert len(plain) == rows
    result = {
        "rows": rows,
        "columns": 20,
        "read_gov_csv_median_s": statistics.median(ours),
        "pandas_told_the_dialect_median_s": statistics.median(baseline),
        "ratio": statistics.median(ours) / statistics.median(baseline),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "govcsv.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"{rows:,} rows x 20 columns (cp1252, ';', title line, decimal commas)")
    print(f"read_gov_csv (detects everything)     median {result['read_gov_csv_median_s']:.2f} s")
    print(f"pandas.read_csv (dialect given)       median {result['pandas_told_the_dialect_median_s']:.2f} s")
    print(f"ratio: {result['ratio']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
