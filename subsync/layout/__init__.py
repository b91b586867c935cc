"""The layout engine: words -> lines -> cues under a Layout (presets are data), timing repair."""
