"""scripts/parquet-iolog.py, the byte ranges scripts/compare-parquet-fio has fio read (CompareScriptTest runs
these inside mvn verify; ParquetEpochTest checks them against jdlio's bytes on real files)."""
import importlib.machinery
import importlib.util
import os
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
_loader = importlib.machinery.SourceFileLoader("parquet_iolog", os.path.join(ROOT, "scripts", "parquet-iolog.py"))
_spec = importlib.util.spec_from_loader("parquet_iolog", _loader)
iolog = importlib.util.module_from_spec(_spec)
_loader.exec_module(iolog)

KIB64 = 64 << 10


def file(name, groups, rows=4, size=10 << 20, footer=1000):
    """A file of `groups` row groups of `rows` rows, each with one chosen chunk of 100 bytes at 1000 * g."""
    return {"file": name, "size": size, "footer": footer,
            "groups": [{"rows": rows, "chunks": [[1000 * g, 100]]} for g in range(groups)]}


class FooterReadsTest(unittest.TestCase):
    def test_a_small_footer_is_in_the_last_64_kib(self):
        self.assertEqual([(10 * KIB64 - KIB64, KIB64)], iolog.footer_reads(10 * KIB64, 1000))

    def test_a_large_footer_reads_only_what_lies_before_the_tail(self):
        size, footer = 100 * KIB64, 200_000
        reads = iolog.footer_reads(size, footer)
        self.assertEqual([(size - 8 - footer, footer + 8 - KIB64), (size - KIB64, KIB64)], reads)
        self.assertEqual(footer + 8, sum(n for _, n in reads))

    def test_a_file_smaller_than_64_kib_is_read_whole(self):
        self.assertEqual([(0, 5000)], iolog.footer_reads(5000, 100))


class PlanTest(unittest.TestCase):
    def test_batches_go_round_robin_and_each_group_is_read_once_per_open(self):
        files = [file("a", 4), file("b", 4)]               # 16 rows each, batches of 8: 4 batches
        readers = iolog.plan(files, 8, 2)
        # reader 0 has batches 0 and 2: a's groups 0-1, then b's 0-1; reader 1 batches 1 and 3
        self.assertEqual([("a", 0), ("a", 1000), ("b", 0), ("b", 1000)],
                         [(f, o) for f, o, _, k in readers[0] if k == "chunk"])
        self.assertEqual([("a", 2000), ("a", 3000), ("b", 2000), ("b", 3000)],
                         [(f, o) for f, o, _, k in readers[1] if k == "chunk"])
        self.assertEqual(2, sum(1 for r in readers[0] if r[3] == "footer"), "one footer read per file opened")

    def test_a_batch_across_files_opens_both_and_a_partial_last_batch_is_dropped(self):
        files = [file("a", 3), file("b", 3)]               # 12 rows each, batches of 8: 3 batches
        readers = iolog.plan(files, 8, 1)
        chunks = [(f, o) for f, o, _, k in readers[0] if k == "chunk"]
        self.assertEqual([("a", 0), ("a", 1000), ("a", 2000), ("b", 0), ("b", 1000), ("b", 2000)], chunks)
        self.assertEqual(["a", "b"], [f for f, _, _, k in readers[0] if k == "footer"])

    def test_a_group_two_readers_need_is_read_by_both(self):
        files = [file("a", 2, rows=6)]                     # 12 rows, batches of 4: batch 1 straddles the groups
        readers = iolog.plan(files, 4, 2)
        self.assertEqual([0, 1000], [o for _, o, _, k in readers[0] if k == "chunk"], "batches 0 and 2")
        self.assertEqual([0, 1000], [o for _, o, _, k in readers[1] if k == "chunk"], "batch 1")


if __name__ == "__main__":
    unittest.main()
