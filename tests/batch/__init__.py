"""Tests of subsync.batch."""
