"""A realistic, reproducible corpus for the convert benchmark: ElevenLabs dubbing resources and
Resemble clips in the shapes the APIs return, written as JSON files into a folder."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

_WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "you",
    "that",
    "it",
    "he",
    "was",
    "for",
    "on",
    "are",
    "as",
    "with",
    "his",
    "they",
    "at",
    "be",
    "this",
    "have",
    "from",
    "or",
    "one",
    "had",
    "by",
    "word",
    "but",
    "not",
    "what",
    "all",
    "were",
    "we",
    "when",
    "your",
    "can",
    "said",
    "there",
    "use",
    "an",
    "each",
    "which",
    "she",
    "do",
    "how",
    "their",
    "if",
    "will",
    "up",
    "other",
    "about",
    "out",
    "many",
    "then",
    "them",
    "these",
    "so",
    "some",
    "her",
    "would",
    "make",
    "like",
    "him",
    "into",
    "time",
    "has",
    "look",
    "two",
    "more",
    "write",
    "go",
    "see",
    "number",
    "no",
    "way",
    "could",
    "people",
    "my",
    "than",
    "first",
    "water",
    "been",
    "call",
    "who",
    "oil",
    "its",
    "now",
    "find",
    "long",
    "down",
    "day",
    "did",
    "get",
    "come",
    "made",
    "may",
    "part",
    "microphone",
    "budget",
    "review",
    "channel",
    "sound",
    "studio",
    "recording",
    "voice",
    "quality",
    "cable",
    "stand",
    "honestly",
    "really",
    "great",
    "cheap",
    "price",
    "setup",
    "software",
    "driver",
    "noise",
    "gain",
    "level",
    "podcast",
]
_ENDS = (".", ".", ".", "?", "!", ",", ",")
_SPEAKERS = ("Maya", "Daniel", "Priya", "Tomás")
_DUB_LANGUAGES = ("es", "fr", "de")


@dataclass(frozen=True)
class Sizes:
    """How big each generated input is."""

    segments: int = 150
    graphemes: int = 1500
    #: Dub languages per ElevenLabs resource (besides the source's English).
    dubs: int = 2
    #: Words per Resemble clip; when set, it decides the clip's length instead of graphemes.
    words: int | None = None


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice(_ENDS)


def _frames(rng: random.Random, text: str, start: float, end: float) -> list[dict[str, object]]:
    """Subtitle frames as Dubbing Studio makes them: up to 2 lines of about 40 characters."""
    words = text.split()
    chunks: list[list[str]] = [[]]
    for word in words:
        if sum(len(w) + 1 for w in chunks[-1]) + len(word) > 80:
            chunks.append([])
        chunks[-1].append(word)
    frames = []
    step = (end - start) / len(chunks)
    for index, chunk in enumerate(chunks):
        half = (len(chunk) + 1) // 2
        lines = [" ".join(chunk[:half]), " ".join(chunk[half:])]
        if len(chunk) <= 6:
            lines = [" ".join(chunk)]
        frames.append(
            {
                "start_time": round(start + index * step, 3),
                "end_time": round(start + (index + 1) * step - 0.05, 3),
                "lines": [line for line in lines if line],
            }
        )
    return frames


def _media(rng: random.Random, name: str, duration: float) -> dict[str, object]:
    slug = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
    return {
        "src": name,
        "content_type": "audio/mpeg",
        "bucket_name": "dubbing-prod-eu",
        "random_path_slug": slug,
        "duration_secs": duration,
        "is_audio": True,
        "url": f"https://storage.example.invalid/{slug}/{name}",
    }


def elevenlabs_resource(rng: random.Random, sizes: Sizes) -> dict[str, object]:
    """A dubbing resource: source English and two dubs, every segment with subtitle frames
    (one dub in ten without frames, so that the cue builder lays it out)."""
    segments: dict[str, object] = {}
    tracks: dict[str, list[str]] = {name: [] for name in _SPEAKERS[: rng.randint(2, 4)]}
    clock = 0.5
    for index in range(sizes.segments):
        seg_id = f"seg_{index:05d}{rng.randrange(16**6):06x}"
        text = " ".join(_sentence(rng, rng.randint(4, 12)) for _ in range(rng.randint(1, 2)))
        duration = len(text) / 15
        start, end = round(clock, 3), round(clock + duration, 3)
        clock = end + rng.uniform(0.1, 1.2)
        dubs = {}
        for language in _DUB_LANGUAGES[: sizes.dubs]:
            sentences = 1 + (len(text) > 60)
            dub_text = " ".join(_sentence(rng, rng.randint(4, 12)) for _ in range(sentences))
            frames = [] if rng.random() < 0.1 else _frames(rng, dub_text, start, end)
            dubs[language] = {
                "start_time": start,
                "end_time": end,
                "text": dub_text,
                "subtitles": frames,
                "audio_stale": rng.random() < 0.02,
                "media_ref": _media(rng, "dub.mp3", round(end - start, 3)),
            }
        segments[seg_id] = {
            "id": seg_id,
            "start_time": start,
            "end_time": end,
            "text": text,
            "subtitles": _frames(rng, text, start, end),
            "dubs": dubs,
        }
        tracks[rng.choice(list(tracks))].append(seg_id)
    return {
        "id": f"dub_{rng.randrange(16**12):012x}",
        "version": 3,
        "source_language": "en",
        "target_languages": list(_DUB_LANGUAGES[: sizes.dubs]),
        "input": _media(rng, "input.mp4", round(clock, 3)),
        "speaker_tracks": {
            f"spk_{n}": {
                "id": f"spk_{n}",
                "media_ref": _media(rng, f"speaker_{n}.mp3", round(clock, 3)),
                "speaker_name": name,
                "voices": {
                    language: f"voice_{language}_{n}" for language in _DUB_LANGUAGES[: sizes.dubs]
                },
                "segments": segs,
            }
            for n, (name, segs) in enumerate(tracks.items())
        },
        "speaker_segments": segments,
        "renders": {},
    }


def resemble_clip(rng: random.Random, sizes: Sizes) -> dict[str, object]:
    """A Resemble clip (v1 or v2 shape) with grapheme and phoneme times whose spans overlap
    and repeat, as the API's do, and a <break> or two."""
    text = ""
    if sizes.words is not None:
        while len(text.split()) < sizes.words:
            text += _sentence(rng, rng.randint(5, 14)) + " "
        text = " ".join(text.split()[: sizes.words]).rstrip(".,?!") + "."
    else:
        while len(text) < sizes.graphemes:
            text += _sentence(rng, rng.randint(5, 14)) + " "
        text = text[: sizes.graphemes].rstrip() + "."
    chars, times, phon_chars, phon_times = [], [], [], []
    clock = 0.02
    for char in text:
        length = 0.03 if char == " " else rng.uniform(0.04, 0.09)
        if char in ".?!" and rng.random() < 0.3:
            length += 1.0  # an SSML <break>
        # Spans overlap their neighbour by a little, and now and then repeat it.
        start = clock - (0.01 if rng.random() < 0.5 else 0.0)
        times.append([round(max(start, 0.0), 4), round(clock + length, 4)])
        chars.append(char)
        if char == " ":
            phon_chars.append(" ")
            phon_times.append([round(clock, 4), round(clock + length, 4)])
        elif char.isalpha():
            phon_chars.append(char.lower())
            phon_times.append([round(clock, 4), round(clock + length, 4)])
        clock += length
    stamps = {
        "graph_chars": chars,
        "graph_times": times,
        "phon_chars": phon_chars,
        "phon_times": phon_times,
    }
    uuid = f"{rng.randrange(16**8):08x}"
    if rng.random() < 0.5:
        return {
            "uuid": uuid,
            "title": "Generated clip",
            "body": text,
            "finished": True,
            "audio_timestamps": stamps,
            "voice": "Noah",
        }
    return {
        "success": True,
        "item": {"uuid": uuid, "title": "Generated clip", "body": text, "timestamps": stamps},
    }


def write_corpus(
    folder: Path,
    elevenlabs: int,
    resemble: int,
    sizes: Sizes,
    seed: int = 1,
    indent: int | None = 2,
) -> int:
    """Write the files; ``indent`` None writes them compact, as the APIs send them."""
    """Write the corpus into ``folder`` (10 inputs a sub-folder); returns the bytes written."""
    rng = random.Random(seed)
    total = 0
    made = [("elevenlabs", elevenlabs_resource, n) for n in range(elevenlabs)]
    made += [("resemble", resemble_clip, n) for n in range(resemble)]
    for kind, make, n in made:
        path = folder / kind / f"batch{n // 10:04d}" / f"{kind}_{n:05d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(make(rng, sizes), ensure_ascii=False, indent=indent).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total
