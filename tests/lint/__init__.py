"""Tests of subsync.lint."""
