"""Tests of subsync.sources."""
