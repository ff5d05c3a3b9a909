#!/usr/bin/env python3
"""Writes a wide query mix for wrk (bench/README.md): N distinct /api/search paths, so that
almost every request is a search the answer cache has not seen. Deterministic (fixed seed).
usage: bench/wide_mix.py N > paths"""
import itertools
import random
import sys
import urllib.parse

WORDS = ["speech therapy", "autism", "camhs", "short breaks", "wheelchair", "dyslexia",
         "physio", "mental health", "occupational therapy", "hearing", "sight", "adhd",
         "sleep", "toilet training", "epilepsy", "down syndrome", "play scheme", "respite",
         "nursery", "college", "transport", "parent support", "counselling", "swimming",
         "music", "dentist", "nursing", "equipment", "sensory", "social care"]
PLACES = ["", "OX3 9DU", "OX26", "E17 4JU", "W2 1NY", "Bicester", "Banbury", "Witney"]
EXTRAS = ["", "&access=self", "&access=gp", "&free=1", "&mode=online", "&day=SA"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    combos = list(itertools.product(WORDS, range(0, 26), PLACES, EXTRAS))
    random.Random(2026).shuffle(combos)
    for words, age, place, extra in combos[:n]:
        path = "/api/search?q=" + urllib.parse.quote(words) + "&age=" + str(age)
        if place:
            path += "&location=" + urllib.parse.quote(place)
        print(path + extra)


if __name__ == "__main__":
    main()
