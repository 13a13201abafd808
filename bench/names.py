"""Realistic names, places, phone numbers and e-mail addresses, fast enough for a million rows.

Faker is slow per call, so it fills pools of a few thousand names per locale once (seeded);
records then combine pool entries with `random.Random`. Phone numbers follow number ranges
that phonenumbers accepts as valid mobiles, written in E.164 as the application stores them;
`check_phone_patterns` proves that on a sample before any row is written.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

# (Faker locale, nationality, language, country of the home mobile numbers, weight)
LOCALES = [
    ("nl_NL", "NL", "nl", "NL", 40),
    ("en_GB", "GB", "en", "GB", 14),
    ("de_DE", "DE", "de", "DE", 12),
    ("fr_FR", "FR", "fr", "NL", 9),
    ("es_ES", "ES", "es", "ES", 8),
    ("it_IT", "IT", "it", "NL", 6),
    ("pl_PL", "PL", "pl", "PL", 6),
    ("tr_TR", "TR", "tr", "NL", 5),
]

# Cities of the offices' market, by weight; 80 % of contacts live in one of them.
NL_CITIES = [
    ("Amsterdam", "Noord-Holland", 30),
    ("Rotterdam", "Zuid-Holland", 16),
    ("Den Haag", "Zuid-Holland", 12),
    ("Utrecht", "Utrecht", 10),
    ("Eindhoven", "Noord-Brabant", 6),
    ("Haarlem", "Noord-Holland", 5),
    ("Amstelveen", "Noord-Holland", 4),
    ("Groningen", "Groningen", 4),
    ("Leiden", "Zuid-Holland", 3),
    ("Delft", "Zuid-Holland", 3),
    ("Zeist", "Utrecht", 2),
    ("Amersfoort", "Utrecht", 3),
    ("Nijmegen", "Gelderland", 2),
]

PERSONAL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "post.example"]


def _national(rng: random.Random, digits: int) -> str:
    return f"{rng.randrange(10**digits):0{digits}d}"


# Mobile ranges that are valid in full (checked by check_phone_patterns): prefix + n digits.
MOBILE_RANGES: dict[str, list[tuple[str, int]]] = {
    "NL": [(f"+316{d}", 7) for d in "1234568"],
    "DE": [("+49151", 8), ("+49160", 8), ("+49170", 8), ("+49172", 8), ("+49176", 8)],
    "GB": [("+4474", 8), ("+4475", 8), ("+4478", 8)],
    "ES": [("+346", 8)],
    "PL": [("+4850", 7), ("+4851", 7)],
}


def mobile(rng: random.Random, country: str) -> str:
    prefix, digits = rng.choice(MOBILE_RANGES[country])
    return prefix + _national(rng, digits)


def check_phone_patterns(samples: int = 300) -> None:
    """Every range gives numbers the app would store unchanged (valid, already E.164)."""
    from estatedesk.contacts.phones import normalize_phone

    rng = random.Random(0)
    for country, ranges in MOBILE_RANGES.items():
        for prefix, digits in ranges:
            for _ in range(samples):
                number = prefix + _national(rng, digits)
                stored = normalize_phone(number, "NL")
                if stored != number:
                    raise AssertionError(f"{country} {number} would be stored as {stored}")


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def split_prefix(last_name: str) -> tuple[str, str]:
    """'van der Meer' → ('van der', 'Meer'): Dutch prefixes go in their own field."""
    words = last_name.split()
    prefix = []
    while len(words) > 1 and words[0].islower():
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


@dataclass
class LocalePool:
    locale: str
    nationality: str
    language: str
    phone_country: str
    male: list[str] = field(default_factory=list)
    female: list[str] = field(default_factory=list)
    last: list[tuple[str, str]] = field(default_factory=list)  # (prefix, last name)
    cities: list[str] = field(default_factory=list)
    streets: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)


@dataclass
class Pools:
    locales: list[LocalePool]
    cum_weights: list[float]
    nl_cities: list[tuple[str, str]]
    nl_city_weights: list[float]

    def locale(self, rng: random.Random) -> LocalePool:
        return rng.choices(self.locales, cum_weights=self.cum_weights)[0]


def build_pools(seed: int, size_hint: int = 3000) -> Pools:
    locales = []
    cum, total = [], 0.0
    for i, (name, nationality, language, phone_country, weight) in enumerate(LOCALES):
        fake = Faker(name)
        fake.seed_instance(seed * 100 + i)
        pool = LocalePool(name, nationality, language, phone_country)
        # Sorted sets: the pools depend on the seed and Faker's data only, not on set order.
        pool.male = sorted({fake.first_name_male() for _ in range(size_hint)})
        pool.female = sorted({fake.first_name_female() for _ in range(size_hint)})
        pool.last = sorted({split_prefix(fake.last_name()) for _ in range(size_hint)})
        pool.cities = _cities(fake, random.Random(seed * 100 + i))
        pool.streets = sorted({fake.street_name() for _ in range(300)})
        pool.companies = sorted({fake.company() for _ in range(300)})
        locales.append(pool)
        total += weight
        cum.append(total)
    city_cum, running = [], 0.0
    for _city, _region, weight in NL_CITIES:
        running += weight
        city_cum.append(running)
    return Pools(locales, cum, [(c, r) for c, r, _w in NL_CITIES], city_cum)


def _cities(fake: Faker, rng: random.Random) -> list[str]:
    """A few hundred cities; from the sorted list when the provider has one, because some
    providers build theirs from a set, whose order changes from process to process."""
    for provider in fake.get_providers():
        listed = getattr(provider, "cities", None)
        if isinstance(listed, list | tuple) and len(listed) > 10:
            every = sorted(set(listed))
            return sorted(rng.sample(every, min(300, len(every))))
    return sorted({fake.city() for _ in range(300)})


def email_for(rng: random.Random, first: str, last: str, company: str = "") -> list[str]:
    """One to three distinct addresses for a person, on reserved example domains."""
    f, last_slug = ascii_slug(first) or "info", ascii_slug(last) or "contact"
    count = rng.choices((1, 2, 3), weights=(55, 33, 12))[0]
    out: list[str] = []
    for i in range(count * 2):
        style = rng.randrange(4)
        if style == 0:
            local = f"{f}.{last_slug}"
        elif style == 1:
            local = f"{f[0]}.{last_slug}"
        elif style == 2:
            local = f"{f}{last_slug}"
        else:
            local = f"{last_slug}.{f}"
        if rng.random() < 0.6:
            local += str(rng.randrange(1, 1000))
        if i == 1 and company:
            domain = (ascii_slug(company)[:30] or "company") + ".example"
        else:
            domain = rng.choice(PERSONAL_DOMAINS)
        address = f"{local}@{domain}"
        if address not in out:
            out.append(address)
        if len(out) == count:
            break
    return out
