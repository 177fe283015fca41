"""Generate a large, valid bank for the benchmarks: 10,000 questions of all seven types, ~10 MB.

The text is pseudo-English of realistic lengths (prompts of a sentence or two, options of a few
words, explanations of a short paragraph), and every question quotes a source whose text is
written beside the bank, so a check of the bank also checks 10,000 excerpts word for word.

    python benchmarks/generate.py [--questions N] [--out FOLDER]

The output is the same for the same arguments (a fixed seed).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

DEFAULT_OUT = Path(__file__).resolve().parent / ".work" / "big"
TYPES = ("single", "multiple", "true_false", "numeric", "short", "order", "match")
SOURCES = 20
SENTENCES_PER_SOURCE = 400

_SYLLABLES = (  # noqa: SIM905
    "ka ma po ri sa ne to lu vi de an el or us im ba ce fo gu ha jo ke li mo nu pa qu re si ta "
    "ul ve wa xi yo za tra pre sto mon ter gal bor cam ex port tar iff ev ery thing but arm"
).split()


class Writer:
    """Pseudo-words, sentences and paragraphs from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.vocabulary = sorted(
            {
                "".join(self.random.choices(_SYLLABLES, k=self.random.randint(1, 4)))
                for _ in range(6000)
            }
        )

    def words(self, low: int, high: int) -> str:
        return " ".join(self.random.choices(self.vocabulary, k=self.random.randint(low, high)))

    def sentence(self, low: int = 8, high: int = 24) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + self.random.choice(".....?!")

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def _question(writer: Writer, number: int, sources: dict[str, list[str]]) -> dict[str, object]:
    rnd = writer.random
    kind = TYPES[number % len(TYPES)]
    ref = sorted(sources)[number % len(sources)]  # every source cited, in a bank of 20 or more
    question: dict[str, object] = {
        "id": f"q{number:05d}",
        "type": kind,
        "topic": f"Topic {number % 40}",
        "tags": [writer.words(1, 1) for _ in range(rnd.randint(1, 3))],
        "difficulty": rnd.randint(1, 3),
        "prompt": writer.sentence(12, 30),
    }
    if kind in ("single", "multiple"):
        options = list(dict.fromkeys(writer.words(2, 7) for _ in range(rnd.randint(4, 5))))
        question["options"] = options
        if kind == "single":
            question["answer"] = options[0]
        else:
            question["answers"] = options[: rnd.randint(1, len(options) - 1)]
        question["feedback"] = {options[-1]: writer.sentence()}
    elif kind == "true_false":
        question["answer"] = rnd.random() < 0.5
    elif kind == "numeric":
        question["answer"] = round(rnd.uniform(0, 1000), 2)
        question["tolerance"] = rnd.choice([0.5, 1, "5%", "2%"])
        question["unit"] = rnd.choice(["billion USD", "percent", "million people", "km"])
    elif kind == "short":
        question["answer"] = writer.words(2, 4)
        question["accept"] = [writer.words(2, 4) for _ in range(rnd.randint(0, 2))]
        question["match"] = rnd.choice(["normalized", "exact", "fuzzy"])
    elif kind == "order":
        question["items"] = list(dict.fromkeys(writer.words(2, 6) for _ in range(5)))
    else:
        lefts = list(dict.fromkeys(writer.words(1, 3) for _ in range(4)))
        rights = list(dict.fromkeys(writer.words(2, 5) for _ in range(len(lefts))))
        question["pairs"] = dict(zip(lefts, rights, strict=False))
        question["distractors"] = [writer.words(6, 8)]
    question["hint"] = writer.sentence(6, 12)
    question["explanation"] = writer.paragraph(rnd.randint(1, 3))
    question["source"] = {"ref": ref, "quote": rnd.choice(sources[ref])}
    return question


def generate(out: Path = DEFAULT_OUT, questions: int = 10_000, seed: int = 2020) -> Path:
    """Write the bank (and its source texts) into `out`; return the bank's path."""
    writer = Writer(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    texts: dict[str, list[str]] = {}
    meta: dict[str, dict[str, object]] = {}
    for index in range(SOURCES):
        source_id = f"source-{index:02d}"
        sentences = [writer.sentence() for _ in range(SENTENCES_PER_SOURCE)]
        texts[source_id] = sentences
        lines, line = [], ""
        for sentence in sentences:  # wrapped like a text file, so quotes cross line breaks
            for word in sentence.split(" "):
                if len(line) + len(word) > 72:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
        lines.append(line)
        (out / "sources" / f"{source_id}.txt").write_text("\n".join(lines) + "\n", "utf-8")
        meta[source_id] = {
            "title": writer.sentence(5, 10),
            "outlet": writer.words(1, 3).title(),
            "published": f"20{10 + index % 10}-0{1 + index % 9}",
            "file": f"sources/{source_id}.txt",
        }
    bank = {
        "casequiz": 1,
        "id": "benchmark-bank",
        "title": "A generated bank for the benchmarks",
        "description": writer.paragraph(3),
        "language": "en",
        "sources": meta,
        "questions": [_question(writer, number, texts) for number in range(questions)],
    }
    path = out / "bank.yaml"
    text = yaml.dump(bank, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    path = generate(args.out, args.questions)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB, {args.questions:,} questions)")


if __name__ == "__main__":
    main()
