"""subsync: subtitles from the timing data of speech APIs (ElevenLabs, Resemble AI)."""

__version__ = "0.1.0"
