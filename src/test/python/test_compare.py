"""scripts/compare on fixture JMH JSON: python3 -m unittest discover -s src/test/python (CompareScriptTest runs it
inside mvn verify)."""
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "compare")
FIXTURES = os.path.join(ROOT, "src", "test", "resources", "compare")

_loader = importlib.machinery.SourceFileLoader("compare", SCRIPT)
_spec = importlib.util.spec_from_loader("compare", _loader)
compare = importlib.util.module_from_spec(_spec)
_loader.exec_module(compare)


def fixture(name):
    return os.path.join(FIXTURES, name)


def run(*args):
    p = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def verdicts(base, new, threshold=10.0, calibrate=True):
    b, n = compare.load(fixture(base)), compare.load(fixture(new))
    factor = compare.speed_factor(b, n) if calibrate else None
    return {(r[0], r[1]): r[9] for r in compare.compare(b, n, threshold, factor)}


class DirectionTest(unittest.TestCase):
    def test_units(self):
        for unit in ("s/op", "ms/op", "us/op", "ns/op"):
            self.assertEqual(compare.LOWER, compare.direction(unit), unit)
        for unit in ("ops/s", "ops/ms", "samples/s", "MB/s", "MiB/s", "GB/s", "GiB/s", "%", "AU"):
            self.assertEqual(compare.HIGHER, compare.direction(unit), unit)
        self.assertEqual(compare.NEUTRAL, compare.direction("bytes"))


class CompareTest(unittest.TestCase):
    def test_keys_on_benchmark_and_sorted_params(self):
        base = compare.load(fixture("base.json"))
        keys = [k for k in base if k[0].endswith("TrainingEpochBenchmark.epoch")]
        self.assertEqual(1, len(keys))
        self.assertEqual(("config", "overrides"), tuple(p[0] for p in keys[0][1]))

    def test_within_error_is_not_a_change(self):
        v = verdicts("base.json", "same.json")
        self.assertNotIn("REGRESSED", v.values())
        self.assertNotIn("improved", v.values())

    def test_deliberate_slowdown_is_flagged_in_primary_and_secondary_metrics(self):
        v = verdicts("base.json", "slowdown.json")
        epoch = "TrainingEpochBenchmark.epoch(config=default_tiny.yaml,overrides=train.computation_time=0.01)"
        self.assertEqual("REGRESSED", v[(epoch, "score")])          # s/op up: worse
        self.assertEqual("REGRESSED", v[(epoch, "samples_per_second")])  # samples/s down: worse
        self.assertEqual("worse", v[(epoch, "au_percent")])  # 99.5 -> 92: 7.5 % is under the 10 % threshold
        self.assertEqual("", v[(epoch, "bytes_read")])      # a fact, not judged

    def test_threshold_decides(self):
        v = verdicts("base.json", "slowdown.json", threshold=5.0)
        epoch = "TrainingEpochBenchmark.epoch(config=default_tiny.yaml,overrides=train.computation_time=0.01)"
        self.assertEqual("REGRESSED", v[(epoch, "au_percent")])
        v = verdicts("base.json", "slowdown.json", threshold=50.0)
        self.assertNotIn("REGRESSED", v.values())

    def test_slower_machine_is_calibrated_away(self):
        self.assertAlmostEqual(0.75, compare.speed_factor(compare.load(fixture("base.json")),
                                                          compare.load(fixture("slower-machine.json"))))
        v = verdicts("base.json", "slower-machine.json")
        self.assertNotIn("REGRESSED", v.values())
        uncalibrated = verdicts("base.json", "slower-machine.json", calibrate=False)
        self.assertIn("REGRESSED", uncalibrated.values())

    def test_sample_time_percentiles_are_compared(self):
        v = verdicts("base.json", "slower-machine.json", calibrate=False)
        read = "LocalIoBenchmark.read(access=buffered,blockBytes=4096)"
        self.assertEqual("REGRESSED", v[(read, "p0.99")])   # +33 %: past twice the threshold
        self.assertEqual("REGRESSED", v[(read, "p0.50")])
        v = verdicts("base.json", "slower-machine.json", threshold=20.0, calibrate=False)
        self.assertEqual("noise", v[(read, "p0.99")])       # no error estimate: under twice the threshold

    def test_workload_figures_are_not_calibrated(self):
        b, n = compare.load(fixture("base.json")), compare.load(fixture("slower-machine.json"))
        self.assertAlmostEqual(0.75, compare.speed_factor(b, n))
        epoch = "TrainingEpochBenchmark.epoch(config=default_tiny.yaml,overrides=train.computation_time=0.01)"
        rows = {(r[0], r[1]): r for r in compare.compare(b, n, 10.0, 0.75)}
        self.assertAlmostEqual(99.5, rows[(epoch, "au_percent")][6])   # AU as measured, not scaled

    def test_a_control_within_its_error_scales_nothing(self):
        b = compare.load(fixture("base.json"))
        self.assertIsNone(compare.speed_factor(b, compare.load(fixture("same.json"))))

    def test_a_new_metric_is_listed(self):
        with tempfile.TemporaryDirectory() as d:
            with open(fixture("base.json")) as f:
                results = json.load(f)
            results[2]["secondaryMetrics"]["read_latency_p99_ms"] = {"score": 1.5, "scoreError": 0.1,
                                                                    "scoreUnit": "ms"}
            new = os.path.join(d, "new.json")
            with open(new, "w") as f:
                json.dump(results, f)
            rows = compare.compare(compare.load(fixture("base.json")), compare.load(new), 10.0)
        self.assertIn(("read_latency_p99_ms", "added", compare.LOWER), [(r[1], r[9], r[3]) for r in rows])

    def test_new_and_vanished_grid_points_are_listed(self):
        v = verdicts("base.json", "regrid.json")
        self.assertEqual("missing", v[("ContentGenerationBenchmark.fill(bufferBytes=4194304,dedupePercentage=0)", "*")])
        self.assertEqual("added", v[("ContentGenerationBenchmark.fill(bufferBytes=4194304,dedupePercentage=50)", "*")])


class ConfidenceTest(unittest.TestCase):
    def result(self, raw):
        score = sum(raw) / len(raw)
        sd = (sum((x - score) ** 2 for x in raw) / (len(raw) - 1)) ** 0.5
        # JMH's scoreError: the 99.9 % half-width, Student's t with n - 1 degrees of freedom
        error = compare.t_quantile(99.9, len(raw) - 1) * sd / len(raw) ** 0.5
        return [{"benchmark": "x.EpochBenchmark.epoch", "mode": "ss", "params": {},
                 "primaryMetric": {"score": score, "scoreError": error, "scoreUnit": "s/op", "rawData": [raw]}}]

    def test_a_lower_confidence_narrows_the_intervals(self):
        with tempfile.TemporaryDirectory() as d:
            base, new = os.path.join(d, "base.json"), os.path.join(d, "new.json")
            with open(base, "w") as f:
                json.dump(self.result([1.00, 1.05, 0.95]), f)
            with open(new, "w") as f:
                json.dump(self.result([1.30, 1.35, 1.25]), f)
            strict = compare.compare(compare.load(base), compare.load(new), 10.0)
            loose = compare.compare(compare.load(base, 95.0), compare.load(new, 95.0), 10.0)
            rc, out, _ = run("--gate", "--confidence", "95", base, new)
        self.assertEqual("noise", strict[0][9])      # 3 iterations: JMH's 99.9 % intervals overlap
        self.assertEqual("REGRESSED", loose[0][9])   # at 95 % they are apart
        self.assertEqual(1, rc, out)


class CommandTest(unittest.TestCase):
    def test_report_mode_never_fails_on_timing(self):
        rc, out, _ = run(fixture("base.json"), fixture("slowdown.json"))
        self.assertEqual(0, rc)
        self.assertIn("REGRESSED", out)

    def test_gate_mode_fails_past_the_threshold(self):
        rc, out, err = run("--gate", fixture("base.json"), fixture("slowdown.json"))
        self.assertEqual(1, rc, out + err)
        self.assertIn("regressed past 10.0%", err)
        rc, _, _ = run("--gate", fixture("base.json"), fixture("same.json"))
        self.assertEqual(0, rc)
        rc, _, _ = run("--gate", fixture("base.json"), fixture("slower-machine.json"))
        self.assertEqual(0, rc)

    def test_unreadable_input_is_one_line_and_exit_2(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write("{not json")
        try:
            rc, out, err = run(fixture("base.json"), f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(2, rc)
        self.assertEqual(1, len(err.strip().splitlines()))
        self.assertIn(f.name, err)

    def test_writes_github_action_benchmark_json(self):
        with tempfile.TemporaryDirectory() as d:
            bigger, smaller = os.path.join(d, "bigger.json"), os.path.join(d, "smaller.json")
            rc, _, _ = run("--github-bigger", bigger, "--github-smaller", smaller,
                           fixture("base.json"), fixture("slowdown.json"))
            self.assertEqual(0, rc)
            with open(bigger) as f:
                big = json.load(f)
            with open(smaller) as f:
                small = json.load(f)
        for entry in big + small:
            self.assertTrue({"name", "unit", "value"} <= set(entry) <= {"name", "unit", "value", "range"}, entry)
        self.assertTrue(all(e["unit"] != "bytes" for e in big + small))
        self.assertIn("samples/s", {e["unit"] for e in big})
        self.assertIn("%", {e["unit"] for e in big})
        self.assertIn("s/op", {e["unit"] for e in small})
        self.assertTrue(any(e["name"].endswith(" p0.99") and e["unit"] == "ms/op" for e in small))


if __name__ == "__main__":
    unittest.main()
