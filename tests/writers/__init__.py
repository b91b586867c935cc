"""Tests of subsync.writers."""
