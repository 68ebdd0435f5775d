"""Realistic archives for the benchmark, built once and cached outside the repository.

Each debrief carries a whole meeting: twelve question notes, a note pad, a read-back summary,
reasons with quotes, criteria then/now, captured items, three follow-ups and two letters, about
3,300 words in all at `scale=1.0`. The text mixes English with Polish, German, Norwegian,
Croatian, Russian, Greek and Japanese sentences and names (Łódź, Michał, Bjørn, Đorđe) over a
vocabulary of a few thousand words with a Zipf-like spread, so the index has the shape of real
notes, not of one repeated sentence. Rows go in with executemany; search documents go in through
the product's own `debrief.search.index.add_documents` (folding and all), built from the same
fields `reindex_debrief` reads.

Archives live in `~/.cache/debrief-bench/g<GENERATOR_VERSION>/` (or $DEBRIEF_BENCH_CACHE), named
by size and scale; bump GENERATOR_VERSION whenever what is generated changes. A schema change
in the product is picked up by `Store.open`, which upgrades the cached copy like any user file.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from debrief.search.index import add_documents
from debrief.store.database import Store

GENERATOR_VERSION = 2
SEED = 14

# Sentences in other scripts, with the letters FTS5 alone does not fold.
FOREIGN = [
    "Spotkanie w Łodzi z Michałem Wiśniewskim: cena była za wysoka, a wdrożenie za długie.",
    "Paweł z działu zakupów w Gdańsku mówił, że Łukasz woli dostawcę z Wrocławia.",
    "Der Einkauf in Düsseldorf wollte eine größere Rabattstaffel für die Flotte.",
    "Frau Müller aus Köln sagte, die Schulung sei zu kurz gewesen.",
    "Bjørn i Tromsø sa at støtten var for treg og at Søren ønsket bedre rapporter.",
    "Đorđe iz Đakova rekao je da je cijena bila previsoka za njihov budžet.",
    "Клиент в Новосибирске выбрал конкурента из-за цены и сроков внедрения.",
    "Ο πελάτης στη Θεσσαλονίκη προτίμησε τον ανταγωνιστή για την υποστήριξη.",
    "価格が高すぎると購買部の佐藤さんは言った。導入期間も長すぎた。",
    "Ana from São Paulo said the pilot in Málaga went well but the invoice was confusing.",
]
FIRST = ["Michał", "Zofia", "Bjørn", "Đorđe", "Anna", "Jürgen", "Haruka", "Owen", "Lena", "Ola"]
LAST = ["Wiśniewski", "Łukasik", "Sørensen", "Đurđević", "Müller", "Sato", "Prichard", "Novak"]
CITIES = ["Łódź", "Gdańsk", "Tromsø", "Đakovo", "Düsseldorf", "Kraków", "Århus", "Leeds"]
COMPETITORS = ["Corvane Systems", "Stratum One", "Ludlow", "Nordhavn Data", "Brightpath"]
REPS = ["Jamie Ortega", "Priya Natarajan", "Sam Okafor", "Lea Novak", "Michał Zieliński"]
REASONS = [
    "price_value",
    "product_fit",
    "service_delivery",
    "sales_experience",
    "relationship",
    "implementation_risk",
    "changed_criteria",
    "timing_budget",
]
PHASES = ["opening", "decision", "decision", "performance", "performance", "performance"]
PHASES += ["competitor", "competitor", "future", "future", "close", "close"]
CORE = [
    "price",
    "budget",
    "driver",
    "fleet",
    "telematics",
    "renewal",
    "onboarding",
    "support",
    "response",
    "contract",
    "pilot",
    "training",
    "invoice",
    "integration",
    "report",
    "dashboard",
    "rollout",
    "timeline",
    "procurement",
    "discount",
    "reference",
    "security",
    "audit",
    "uptime",
    "migration",
    "warehouse",
    "route",
    "scheduling",
    "dispatch",
    "mobile",
    "tablet",
    "licence",
    "seat",
    "module",
    "feedback",
    "decision",
    "committee",
    "finance",
    "director",
    "sponsor",
]


@dataclass(frozen=True)
class Archive:
    path: Path
    count: int
    scale: float
    build_s: float  # 0.0 when it came from the cache
    size_bytes: int
    words_per_debrief: int


def cache_dir() -> Path:
    root = os.environ.get("DEBRIEF_BENCH_CACHE") or Path.home() / ".cache" / "debrief-bench"
    return Path(root) / f"g{GENERATOR_VERSION}"


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = [
        "ka",
        "ro",
        "mi",
        "ten",
        "sa",
        "lo",
        "ver",
        "du",
        "pre",
        "gan",
        "tel",
        "fo",
        "ris",
        "mon",
        "ar",
        "bel",
        "cor",
        "vi",
        "dan",
        "sta",
    ]
    words = set(CORE)
    while len(words) < 6000:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return CORE + sorted(words - set(CORE))


class _Text:
    """Sentences drawn from a Zipf-like vocabulary with a foreign sentence now and then."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        vocab = _vocabulary(rng)
        weights = [1.0 / (rank + 1) for rank in range(len(vocab))]
        # Pre-drawn word stream: slicing it is far faster than drawing word by word.
        self.stream = rng.choices(vocab, weights=weights, k=200_000)

    def words(self, n: int) -> str:
        rng, out, left = self.rng, [], n
        while left > 0:
            if rng.random() < 0.12:
                sentence = rng.choice(FOREIGN)
                left -= sentence.count(" ") + 1
            else:
                length = min(left, rng.randint(8, 18))
                at = rng.randrange(0, len(self.stream) - length)
                sentence = " ".join(self.stream[at : at + length]).capitalize() + "."
                left -= length
            out.append(sentence)
        return " ".join(out)


def archive_path(count: int, scale: float) -> Path:
    return cache_dir() / f"debriefs-{count}-x{scale:g}.sqlite3"


def ensure_archive(count: int, scale: float = 1.0, log: bool = True) -> Archive:
    """The cached archive of `count` debriefs, built first if it isn't there yet."""
    path = archive_path(count, scale)
    build_s = 0.0
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        if log:
            print(f"building an archive of {count:,} debriefs (scale {scale:g}) in {path} …")
        started = time.perf_counter()
        store = Store.open(partial)
        try:
            _fill(store, count, scale)
            store.db.execute("PRAGMA optimize")
        finally:
            store.close()
        os.replace(partial, path)
        build_s = time.perf_counter() - started
        if log:
            print(f"  built in {build_s:.0f} s, {path.stat().st_size / 2**20:,.0f} MiB")
    store = Store.open(path)  # upgrades a cached copy made by an older schema
    try:
        words = store.db.execute(
            "SELECT (length(body) - length(replace(body, ' ', ''))) FROM search_docs LIMIT 50"
        ).fetchall()
    finally:
        store.close()
    average = sum(w[0] for w in words) // max(1, len(words))
    return Archive(path, count, scale, build_s, path.stat().st_size, average)


def _fill(store: Store, count: int, scale: float) -> None:
    rng = random.Random(SEED + count)
    text = _Text(rng)
    stamp = "2026-11-30T09:00:00.000+00:00"
    today = date(2026, 11, 30)
    n_accounts = max(1, count // 3)
    batch = 2000
    accounts = []
    for i in range(n_accounts):
        name = f"{rng.choice(CITIES)} {rng.choice(['Logistics', 'Foods', 'Castings', 'Care'])} {i}"
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        accounts.append((uuid.uuid4().hex, name, uuid.uuid4().hex, person))

    def n(words: int) -> int:
        return max(3, int(words * scale))

    with store.atomic() as db:
        conn = db.conn
        conn.executemany(
            "INSERT INTO accounts (id, name, notes, created_at, updated_at) VALUES (?,?,?,?,?)",
            [(a, name, text.words(n(40)), stamp, stamp) for a, name, _, _ in accounts],
        )
        conn.executemany(
            "INSERT INTO contacts (id, account_id, name, title, email, is_decision_maker,"
            " created_at, updated_at) VALUES (?,?,?,'Head of Operations',?,1,?,?)",
            [
                (c, a, p, f"c{i}@example.com", stamp, stamp)
                for i, (a, _, c, p) in enumerate(accounts)
            ],
        )
    for start in range(0, count, batch):
        rows: dict[str, list[tuple[object, ...]]] = {
            k: [] for k in ("d", "q", "c", "r", "i", "l", "f")
        }
        docs: list[tuple[str, str, str, str]] = []
        for i in range(start, min(count, start + batch)):
            did = uuid.uuid4().hex
            acc_id, acc_name, contact_id, person = accounts[i % n_accounts]
            competitor = rng.choice(COMPETITORS)
            rep = rng.choice(REPS)
            deal = f"{rng.choice(CORE).capitalize()} {rng.choice(CORE)} {i}"
            lost = (today - timedelta(days=(count - i) * 3650 // count)).isoformat()
            notepad, summary = text.words(n(600)), text.words(n(250))
            rows["d"].append(
                (
                    did,
                    acc_id,
                    contact_id,
                    deal,
                    rng.randrange(1_000, 500_000) * 100,
                    "EUR",
                    lost,
                    competitor,
                    rng.choice(["meeting_held", "summary_sent", "following_up"]),
                    rep,
                    lost,
                    notepad,
                    summary,
                    f"Call in {rng.choice(['March', 'May'])}",
                    stamp,
                    stamp,
                )
            )
            notes = []
            for pos, phase in enumerate(PHASES):
                note = text.words(n(150))
                notes.append(note)
                rows["q"].append((uuid.uuid4().hex, did, pos, phase, f"Question {pos + 1}?", note))
            criteria = []
            for pos in range(4):
                c = (rng.choice(CORE), text.words(n(12)), text.words(n(12)))
                criteria.append(" ".join(c))
                rows["c"].append((uuid.uuid4().hex, did, pos, *c))
            quotes = []
            for k, category in enumerate(rng.sample(REASONS, 2)):
                quote = text.words(n(25))
                quotes.append(quote)
                rows["r"].append((uuid.uuid4().hex, did, category, int(k == 0), "medium", quote))
            items = []
            for pos in range(6):
                item = text.words(n(20))
                items.append(item)
                kind = "competitor_strength" if pos % 2 else "product_request"
                rows["i"].append((uuid.uuid4().hex, did, kind, pos, item))
            letters = []
            for kind in ("loss_reply", "summary"):
                letter = f"Dear {person},\n\n" + text.words(n(300)) + f"\n\nBest regards,\n{rep}"
                letters.append(letter)
                rows["l"].append((uuid.uuid4().hex, did, kind, letter, stamp, "Thank you"))
            for seq, (kind, channel) in enumerate(
                (("summary", "letter"), ("check_in", "call"), ("win_back", "visit"))
            ):
                due = (today + timedelta(days=30 * seq + rng.randrange(60))).isoformat()
                purpose = text.words(n(10))
                rows["f"].append(
                    (uuid.uuid4().hex, did, kind, channel, due, purpose, seq, stamp, stamp)
                )
            title = "\n".join((acc_name, deal, competitor))
            people = "\n".join((person, "Head of Operations", f"c{i % n_accounts}@example.com"))
            body = "\n".join(
                [summary, notepad, *notes, *criteria, *quotes, *items, *letters]
            )  # the fields reindex_debrief joins (account notes aside)
            docs.append((did, title, people, body + "\n" + rep))
        with store.atomic() as db:
            conn = db.conn
            conn.executemany(
                "INSERT INTO debriefs (id, account_id, contact_id, opportunity, value_minor,"
                " currency, date_lost, outcome, competitor, status, rep_name, meeting_date,"
                " notepad, summary, keep_in_touch_when, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,'competitor',?,?,?,?,?,?,?,?,?)",
                rows["d"],
            )
            conn.executemany(
                "INSERT INTO debrief_questions (id, debrief_id, position, phase, text, note,"
                " state) VALUES (?,?,?,?,?,?,'asked')",
                rows["q"],
            )
            conn.executemany(
                "INSERT INTO criteria (id, debrief_id, position, criterion, then_text, now_text)"
                " VALUES (?,?,?,?,?,?)",
                rows["c"],
            )
            conn.executemany(
                "INSERT INTO loss_reasons (id, debrief_id, category, is_primary, confidence,"
                " quote) VALUES (?,?,?,?,?,?)",
                rows["r"],
            )
            conn.executemany(
                "INSERT INTO captured_items (id, debrief_id, kind, position, text)"
                " VALUES (?,?,?,?,?)",
                rows["i"],
            )
            conn.executemany(
                "INSERT INTO letters (id, debrief_id, kind, text, created_at, subject)"
                " VALUES (?,?,?,?,?,?)",
                rows["l"],
            )
            conn.executemany(
                "INSERT INTO followups (id, debrief_id, kind, channel, due, purpose, sequence,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                rows["f"],
            )
            add_documents(db, docs)
