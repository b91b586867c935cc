"""Tests of subsync.cli."""
