"""Tests of subsync.layout."""
