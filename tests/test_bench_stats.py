"""The benchmarks' comparison line judges the statistic the issue names, and says which."""

from __future__ import annotations

from bench.stats import print_comparison


def test_the_verdict_follows_the_named_ratio(capsys):
    measured = {"name": "save an address", "n": 40, "median_ms": 22.0, "p95_ms": 42.0}
    baseline = {"name": "bare event", "n": 40, "median_ms": 19.0, "p95_ms": 24.0}

    assert print_comparison(measured, baseline, 1.5) is True  # median 1.16
    assert "target: median ratio <= 1.5: within" in capsys.readouterr().out

    assert print_comparison(measured, baseline, 1.5, judged_on="p95") is False  # p95 1.75
    assert "target: p95 ratio <= 1.5: ABOVE" in capsys.readouterr().out
