"""Layout: words -> lines -> cues under a Layout (presets are data), and timing repair."""
