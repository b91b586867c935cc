"""Helpers the tests share: fixtures paths, the independent readers, Hypothesis strategies."""
