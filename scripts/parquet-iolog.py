#!/usr/bin/env python3
"""fio iolog v2 files replaying what jdlio's loader reads from Parquet files in one training epoch.

    parquet-iolog.py RANGES.json BATCH THREADS EPOCHS OUTPREFIX  ->  OUTPREFIX0.log ... and a JSON summary

RANGES.json is tools/parquet-check/ranges.mjs's output (DuckDB's view of each file's footer), files in the
epoch's order (file_shuffle off, sample_shuffle off). Batch b goes to reader b mod THREADS, as PyTorch's
DataLoader deals them (jdlio's BatchLoader does the same); a reader opening a file reads its footer as a
loader must (the last 64 KiB, then what of the footer lies before them), then, for each row group its batches
touch, the chosen column chunks once each, the way jdlio's ParquetSampleReader and pyarrow's read_row_group
do. Each reader's log holds EPOCHS such epochs back to back. Prints the bytes of one epoch: column chunks,
footers, their sum (what jdlio must report as bytes_read), and the reads.
"""
import json
import sys

FOOTER_READ = 64 << 10   # what a Parquet reader reads from a file's end first (pyarrow's default, jdlio's)


def footer_reads(size, footer):
    """The reads that find and fetch a footer of `footer` bytes in a file of `size` bytes."""
    tail = min(size, FOOTER_READ)
    reads = [(size - tail, tail)]
    if footer + 8 > tail:
        start = size - 8 - footer
        reads.insert(0, (start, size - tail - start))
    return reads


def plan(files, batch, threads):
    """Per reader, its reads of one epoch as (file, offset, length, kind); kind is 'chunk' or 'footer'."""
    starts, total = [], 0        # the epoch's first sample of each file
    for f in files:
        starts.append(total)
        total += sum(g["rows"] for g in f["groups"])
    steps = total // batch       # DLIO drops the last partial batch
    out = [[] for _ in range(threads)]
    for t in range(threads):
        reads, open_file, groups_read = out[t], None, set()
        for b in range(t, steps, threads):
            lo, hi = b * batch, (b + 1) * batch
            for i, f in enumerate(files):
                first = starts[i]
                if first >= hi or first + sum(g["rows"] for g in f["groups"]) <= lo:
                    continue
                if open_file != i:   # a reader keeps the file it reads open while its samples continue there
                    open_file, groups_read = i, set()
                    reads += [(f["file"], o, n, "footer") for o, n in footer_reads(f["size"], f["footer"])]
                row = first
                for g, group in enumerate(f["groups"]):
                    if row < hi and row + group["rows"] > lo and g not in groups_read:
                        groups_read.add(g)
                        reads += [(f["file"], o, n, "chunk") for o, n in group["chunks"]]
                    row += group["rows"]
    return out


def main():
    ranges, batch, threads, epochs, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        sys.argv[5]
    files = json.load(open(ranges))
    readers = plan(files, batch, threads)
    for t, reads in enumerate(readers):
        names = sorted({r[0] for r in reads})
        with open(f"{prefix}{t}.log", "w") as log:
            log.write("fio version 2 iolog\n")
            for n in names:
                log.write(f"{n} add\n{n} open\n")
            for _ in range(epochs):
                for name, offset, length, _kind in reads:
                    log.write(f"{name} read {offset} {length}\n")
            for n in names:
                log.write(f"{n} close\n")
    flat = [r for reads in readers for r in reads]
    chunk = sum(r[2] for r in flat if r[3] == "chunk")
    footer = sum(r[2] for r in flat if r[3] == "footer")
    print(json.dumps({"chunk_bytes": chunk, "footer_bytes": footer, "bytes": chunk + footer, "reads": len(flat),
                      "chunk_reads": sum(1 for r in flat if r[3] == "chunk")}))


if __name__ == "__main__":
    main()
