#!/usr/bin/python3
"""Make data/wholesale_customers.csv from the UCI file as distributed.

The UCI file carries the dataset's variable notes in extra, Latin-1 encoded
fields trailing rows 10-17 (12 or 13 fields where the header has 8). cseg's
CSV reader refuses such ragged rows, so the bundled copy keeps the eight
data fields of every row and the notes move to data/README.md.

usage: make_wholesale.py ORIGINAL.csv OUTPUT.csv
"""
import csv
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src, newline="", encoding="latin-1") as f:
    rows = list(csv.reader(f))
header = rows[0]
out = [header]
for line, row in enumerate(rows[1:], start=2):
    extra = row[len(header):]
    if any(field.strip() for field in extra[:3]):
        sys.exit(f"{src}:{line}: unexpected data in extra fields: {extra}")
    out.append(row[:len(header)])
with open(dst, "w", newline="", encoding="ascii") as f:
    csv.writer(f, lineterminator="\n").writerows(out)
print(f"{dst}: {len(out) - 1} customers, {len(header)} columns")
