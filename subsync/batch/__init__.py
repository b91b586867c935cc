"""The one pipeline every command runs: inputs, plan, convert, atomic files, manifest."""
