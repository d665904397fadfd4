#!/usr/bin/env python3
"""Reads result folders' CSV files with pandas' default read_csv and checks each column's type.

    check_types.py DECLARED.csv        (folder,file,column,type; folders relative to its own)

For every file and column: the type pandas infers must fit the declared one (integer and number:
a numeric dtype, integer with whole values; bool: bool, or object holding only booleans where
empty cells stand beside them; text and list: object, a list cell `[...]` or a word), the same
declared type in every folder for a file name and column, and every declared column must hold a
value in at least one folder (an all-empty column fits any type, so it proves nothing).
Exit 0 when all hold, 1 otherwise (each failure on its own line), 77 without pandas.
"""
import collections, csv, os, re, sys

try:
    import pandas as pd
except ImportError:
    print("SKIP: no pandas (Debian: python3-pandas)")
    sys.exit(77)

NUMERIC = re.compile(r"^[-+0-9.eE ]+$|^(nan|inf|-inf)$")


def inferred(series):
    """What pandas made of the column: empty, number, bool or text."""
    values = series.dropna()
    if values.empty:
        return "empty"
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number"
    if all(isinstance(v, bool) for v in values):
        return "bool"  # true/false beside empty cells: object dtype of booleans and NaN
    return "text"


def fits(declared, kind, values):
    """Why the column does not fit its declared type, or None."""
    expected = {"integer": "number", "number": "number", "bool": "bool", "text": "text",
                "list": "text"}[declared]
    if kind != expected:
        return f"declared {declared}, pandas reads {kind}"
    if declared == "integer" and any(float(v) != int(v) for v in values):
        return "declared integer, holds fractions"
    if declared == "list":
        bad = [v for v in values if not (v.startswith("[") and v.endswith("]"))
               and NUMERIC.match(v)]
        if bad:
            return f"declared list, holds the unbracketed {bad[0]!r}"
    return None


def main():
    declared_path = sys.argv[1]
    base = os.path.dirname(os.path.abspath(declared_path))
    declared = collections.defaultdict(dict)  # (folder, file) -> column -> type
    for r in csv.DictReader(open(declared_path)):
        declared[(r["folder"], r["file"])][r["column"]] = r["type"]
    problems = []
    types = collections.defaultdict(dict)    # (file, column) -> type -> first folder
    kinds = collections.defaultdict(dict)    # (file, column) -> pandas kind -> first folder
    filled = collections.defaultdict(bool)   # (file, column) -> a value somewhere
    for (folder, name), columns in sorted(declared.items()):
        path = os.path.join(base, folder, name)
        table = pd.read_csv(path)
        where = f"{os.path.basename(folder)}/{name}"
        if list(table.columns) != list(columns):
            problems.append(f"{where}: header {list(table.columns)} != declared {list(columns)}")
            continue
        for column, declared_type in columns.items():
            kind = inferred(table[column])
            types[(name, column)].setdefault(declared_type, where)
            kinds[(name, column)].setdefault(kind, where)
            if kind == "empty":
                continue
            filled[(name, column)] = True
            why = fits(declared_type, kind, list(table[column].dropna()))
            if why:
                problems.append(f"{where} {column}: {why}")
    for (name, column), by_type in sorted(types.items()):
        if len(by_type) > 1:
            problems.append(f"{name} {column}: declared " +
                            ", ".join(f"{t} in {w}" for t, w in by_type.items()))
        seen = {k: w for k, w in kinds[(name, column)].items() if k != "empty"}
        if len(seen) > 1:
            problems.append(f"{name} {column}: pandas reads " +
                            ", ".join(f"{k} in {w}" for k, w in seen.items()))
        if not filled[(name, column)]:
            problems.append(f"{name} {column}: empty in every folder, so its type is unchecked")
    for p in problems:
        print("MISMATCH", p)
    files = len(declared)
    columns = sum(len(c) for c in declared.values())
    print(f"pandas {pd.__version__}: {files} files, {columns} columns, "
          f"{len(types)} distinct (file, column), {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
