"""Tests of subsync.remote."""
