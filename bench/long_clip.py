"""A long Resemble clip in the v1 shape, generated from a seed: English narration at natural
speech rates (about 110 to 210 words a minute, sentence by sentence), pauses after commas and
sentences, now and then an SSML <break>, and grapheme spans that overlap and repeat as the
API's do. Used by bench/layout_quality.py and to make fixtures/inputs/resemble_long_clip.json.

Run by hand: python bench/long_clip.py --words 600 --seed 7 > fixtures/inputs/resemble_long_clip.json
"""

from __future__ import annotations

import argparse
import json
import random

_SUBJECTS = [
    "the microphone",
    "our budget pick",
    "this little condenser",
    "the software",
    "my co-host",
    "the cheapest model",
    "everyone on the team",
    "the manufacturer",
    "a good pop filter",
    "the USB version",
    "your audience",
    "the studio",
    "the cable",
    "this approach",
    "the firmware update",
]
_VERBS = [
    "picks up",
    "handles",
    "struggles with",
    "improves",
    "ignores",
    "brings out",
    "cuts through",
    "needs",
    "deserves",
    "adds",
    "reduces",
    "captures",
]
_OBJECTS = [
    "the room noise",
    "plosives",
    "a warm low end",
    "every breath between sentences",
    "more gain than you would expect",
    "the keyboard clicks",
    "a surprisingly clear top end",
    "background hum from the refrigerator",
    "the echo in an untreated room",
    "about twelve decibels of headroom",
    "a second microphone stand",
    "the 3.5 mm headphone jack",
    "fifty dollars of accessories",
    "a proper shock mount",
]
_LINKS = ["but", "and", "so", "although", "because", "while", "which means"]
_OPENERS = [
    "Honestly,",
    "In our tests,",
    "For the price,",
    "On the other hand,",
    "After a week of recording,",
    "If you record at night,",
    "Surprisingly,",
    "To be fair,",
]
_QUESTIONS = [
    "Is it worth the upgrade?",
    "What about the noise floor?",
    "Do you really need an audio interface?",
    "Why does the cheaper one sound better?",
    "Which one would we buy again?",
]
_SHORT = ["Really.", "Not bad.", "Let's listen.", "Here it is.", "Exactly.", "Okay."]


def sentence(rng: random.Random) -> str:
    """One sentence: a short exclamation, a question, or a statement with clauses."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(_SHORT)
    if roll < 0.18:
        return rng.choice(_QUESTIONS)
    clauses = [f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"]
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        clauses.append(
            f"{rng.choice(_LINKS)} {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
            f"{rng.choice(_OBJECTS)}"
        )
    text = ", ".join(clauses)
    if rng.random() < 0.3:
        text = f"{rng.choice(_OPENERS)} {text}"
    return text[0].upper() + text[1:] + rng.choice(".....!")


def narration(rng: random.Random, words: int) -> list[str]:
    """Sentences until about ``words`` words."""
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(sentence(rng))
    return sentences


def timed_characters(
    rng: random.Random, sentences: list[str]
) -> tuple[list[str], list[list[float]], str]:
    """Graphemes and their [start, end] spans; the SSML body with the breaks."""
    chars: list[str] = []
    times: list[list[float]] = []
    body = []
    clock = 0.35
    for index, text in enumerate(sentences):
        # Words a minute for this sentence; characters take time in proportion.
        wpm = min(210.0, max(110.0, rng.gauss(160, 22)))
        seconds_per_char = 60 / wpm * len(text.split()) / len(text)
        for char in text:
            length = seconds_per_char * rng.uniform(0.7, 1.3)
            # Spans overlap their neighbour a little, as the API's do.
            start = clock - (0.012 if rng.random() < 0.4 else 0.0)
            chars.append(char)
            times.append([round(max(start, 0.0), 4), round(clock + length, 4)])
            clock += length
            if char == ",":
                clock += rng.uniform(0.08, 0.3)
        body.append(text)
        if index + 1 < len(sentences):
            pause = rng.uniform(0.15, 0.7)
            if rng.random() < 0.06:
                pause = 1.5
                body.append('<break time="1.5s"/>')
            chars.append(" ")
            times.append([round(clock, 4), round(clock + pause, 4)])
            clock += pause
    return chars, times, " ".join(body)


def phonemes(chars: list[str], times: list[list[float]]) -> tuple[list[str], list[list[float]]]:
    """A stand-in phoneme track: a phoneme per letter or digit, spaces between words."""
    phon_chars, phon_times = [], []
    for char, span in zip(chars, times, strict=True):
        if char == " " or char.isalnum():
            phon_chars.append(char.lower())
            phon_times.append(span)
    return phon_chars, phon_times


def long_clip(seed: int, words: int) -> dict[str, object]:
    """A Resemble v1 clip of about ``words`` words."""
    rng = random.Random(seed)
    chars, times, body = timed_characters(rng, narration(rng, words))
    phon_chars, phon_times = phonemes(chars, times)
    return {
        "uuid": f"{rng.randrange(16**7):07x}",
        "title": "Budget microphone review (generated narration)",
        "body": f"<speak><p>{body}</p></speak>",
        "created_at": "2026-11-23T09:00:00.000Z",
        "updated_at": "2026-11-23T09:00:00.000Z",
        "finished": True,
        "link": "https://example.invalid/long_clip.mp3",
        "voice": "Noah",
        "project_id": 1,
        "audio_timestamps": {
            "graph_chars": chars,
            "graph_times": times,
            "phon_chars": phon_chars,
            "phon_times": phon_times,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(long_clip(args.seed, args.words), ensure_ascii=False))


if __name__ == "__main__":
    main()
