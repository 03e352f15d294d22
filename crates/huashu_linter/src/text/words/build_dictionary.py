#!/usr/bin/env python3
"""Build the word-boundary dictionary that src/text/words.rs embeds.

Input: jieba's dict.txt (MIT, see LICENSE-jieba), "word frequency tag" a line,
as shipped inside the jieba-rs crate (src/data/dict.txt).
Output, beside this script: words1.bin … words4.bin. Each holds the words of
that many CJK characters (U+3400–U+9FFF, three UTF-8 bytes each) seen at
least MIN_FREQ times, sorted by their bytes, one fixed-size record a word:
the word's UTF-8 bytes, then one byte, round(10 * ln(frequency)) capped at
255. Fixed records let the engine binary-search the bytes in place: nothing
is parsed or allocated at start-up, which the one-file check cannot afford.

    python3 build_dictionary.py PATH/TO/dict.txt
"""
import math
import sys
from pathlib import Path

MIN_FREQ = 10
MAX_CHARS = 4


def main(dict_path: str) -> None:
    here = Path(__file__).resolve().parent
    by_len = {n: {} for n in range(1, MAX_CHARS + 1)}
    total = 0
    for line in open(dict_path, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 2:
            continue
        word, freq = parts[0], int(parts[1])
        total += freq
        if freq < MIN_FREQ or not 1 <= len(word) <= MAX_CHARS:
            continue
        if not all(0x3400 <= ord(c) <= 0x9FFF for c in word):
            continue
        by_len[len(word)][word.encode("utf-8")] = min(255, round(10 * math.log(freq)))
    for n, words in by_len.items():
        out = bytearray()
        for key in sorted(words):
            out += key + bytes([words[key]])
        (here / f"words{n}.bin").write_bytes(bytes(out))
        print(f"words{n}.bin: {len(words)} words, {len(out)} bytes")
    print(f"total frequency: {total} (TOTAL_LOG in words.rs is round(10 * ln(total)))")
    print(f"TOTAL_LOG = {round(10 * math.log(total))}")


if __name__ == "__main__":
    main(sys.argv[1])
