"""Sample debriefs that show a newcomer the app at work, and a fast generator for big archives.

The samples are invented companies and people, marked `is_sample = 1` on both the debriefs and
their accounts, so they can be told apart and removed in one step without touching real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import has_samples as has_samples  # re-exported
from debrief.debriefs.trash import purge_debriefs
from debrief.followups.dates import parse_when, when_to_date
from debrief.meeting.roles import QuestionRole, role_of
from debrief.model import LossReason, Outcome, PersonRole, Status, ToldVia, new_id, now_iso
from debrief.search.index import add_documents, reindex_debrief
from debrief.store.database import Store

if TYPE_CHECKING:
    from debrief.store.tables import Database

# What the samples' own questions mean (their wording differs from the shipped set's).
_SAMPLE_ROLES = {
    "Thank them and agree the time available": QuestionRole.OPENING,
    "What was your basis of decision?": QuestionRole.BASIS,
    "What triggered the evaluation?": QuestionRole.TRIGGER,
    "Where did we fall down?": QuestionRole.FELL_SHORT,
    "How did our people come across?": QuestionRole.OUR_PEOPLE,
    "At the same price, would you have chosen us?": QuestionRole.SAME_PRICE,
    "What does the winner do well?": QuestionRole.COMPETITOR,
    "What made the difference?": QuestionRole.COMPETITOR,
    "May we keep in touch?": QuestionRole.KEEP_IN_TOUCH,
}


@dataclass(frozen=True)
class _Sample:
    account: str
    industry: str
    contract_years: tuple[int, int]  # contract start/end, years relative to today
    account_notes: str
    contact: str
    title: str
    email: str
    opportunity: str
    products: str
    value_minor: int
    currency: str
    days_ago: int
    told_via: ToldVia
    outcome: Outcome
    competitor: str
    status: Status
    rep: str
    notepad: str = ""
    summary: str = ""
    questions: list[tuple[str, str, str, bool]] = field(default_factory=list)  # phase, q, note, int
    criteria: list[tuple[str, str, str]] = field(default_factory=list)
    reasons: list[tuple[LossReason, bool, str, str, bool]] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    keep_in_touch: str = "unknown"
    keep_in_touch_when: str = ""
    consolation_order: str = ""
    renewal_years: int | None = None
    promised_followup: str = ""
    letters: list[tuple[str, str]] = field(default_factory=list)
    salutation: str = ""  # '' = the default made from the name
    address: str = ""  # the account's postal address
    deal_public_name: str = ""
    # Others in the buying group: name, title, role, email; `in_meeting` marks who came.
    people: list[tuple[str, str, PersonRole, str]] = field(default_factory=list)
    in_meeting: tuple[str, ...] = ()  # names (the senior contact included when there)


SAMPLES: list[_Sample] = [
    _Sample(
        account="Harbourline Logistics",
        industry="Freight and warehousing",
        contract_years=(-4, 0),
        account_notes="Three depots; bought our route planner in the first year of their "
        "contract and the dock scheduler two years later.",
        contact="Miriam Achterberg",
        title="Chief Operating Officer",
        email="m.achterberg@harbourline.example",
        opportunity="Fleet telematics renewal",
        salutation="Miriam",
        address="Pier Street 40\n3072 AB Rotterdam\nNetherlands",
        deal_public_name="your vehicle tracking renewal",
        people=[
            ("Ruud van Leeuwen", "Transport Planning Manager", PersonRole.EVALUATOR, ""),
            ("Sanne Dekker", "Procurement Lead", PersonRole.PROCUREMENT, ""),
        ],
        in_meeting=("Miriam Achterberg", "Ruud van Leeuwen"),
        products="Route planner, dock scheduler, 120 vehicle units",
        value_minor=8_400_000,
        currency="EUR",
        days_ago=21,
        told_via=ToldVia.PHONE,
        outcome=Outcome.COMPETITOR,
        competitor="Corvane Systems",
        status=Status.SUMMARY_SENT,
        rep="Jamie Ortega",
        notepad="She was open and generous with her time. Kept coming back to the driver app: "
        "drivers found ours slow at the start of a shift.\nThe board wanted one supplier for "
        "telematics and fuel cards.",
        summary="You moved to a single supplier for telematics and fuel cards because it makes "
        "your operation simpler, and because your drivers found our app slow to open at the "
        "start of a shift. You were glad of the route planning we did together.",
        questions=[
            ("opening", "Thank them and agree the time available", "Thirty minutes agreed.", False),
            (
                "decision",
                "What was your basis of decision?",
                "One supplier for telematics and fuel cards; driver experience.",
                False,
            ),
            (
                "performance",
                "Where did we fall down?",
                "Driver app slow at shift start; support tickets took days in winter.",
                False,
            ),
            (
                "performance",
                "How did our people come across?",
                "Liked the account manager; felt the pre-sales demo was generic.",
                True,
            ),
            (
                "competitor",
                "What do they do especially well?",
                "Bundled fuel cards, simple driver app.",
                True,
            ),
            ("future", "May we keep in touch?", "Yes, a check-in after the winter.", False),
        ],
        criteria=[
            ("Number of suppliers", "Best tool for each job", "One supplier where possible"),
            ("Driver experience", "Not discussed", "A top-three criterion"),
        ],
        reasons=[
            (
                LossReason.CHANGED_CRITERIA,
                True,
                "high",
                "We decided to cut down the number of suppliers.",
                False,
            ),
            (LossReason.PRODUCT_FIT, False, "medium", "The drivers found the app slow.", False),
        ],
        strengths=["Fuel cards in the same contract", "Driver app that opens instantly"],
        requests=["Faster driver app start-up", "Fuel-card integration"],
        keep_in_touch="yes",
        keep_in_touch_when="After the winter, around March",
        consolation_order="Route planner licences for the new Gdańsk depot",
        renewal_years=2,
        promised_followup="Call in March to hear how the roll-out went",
        letters=[
            (
                "summary",
                "Dear Miriam,\n\nThank you for sharing your time and your candid view of our "
                "work together. We heard that a single supplier for telematics and fuel cards "
                "matters most to you now, and that your drivers need an app that is ready the "
                "moment a shift starts.\n\nWe are taking both points back to our product team. "
                "With your permission I will call in March to hear how the roll-out has gone.",
            ),
        ],
    ),
    _Sample(
        account="Brightmoor Dental Group",
        industry="Healthcare",
        contract_years=(-3, 1),
        account_notes="Twelve practices. Buying decisions go through the group's finance board.",
        contact="Dr. Owen Prichard",
        title="Clinical Director",
        email="owen.prichard@brightmoor.example",
        opportunity="Patient booking platform 2027",
        address="2 Mill Lane\nBrightmoor\nLeeds LS6 4QT\nUnited Kingdom",
        deal_public_name="the online booking for your practices",
        people=[
            ("Hannah Cole", "Practice Operations Manager", PersonRole.USER, ""),
            ("Martin Royce", "Finance Director", PersonRole.SPONSOR, ""),
        ],
        in_meeting=("Dr. Owen Prichard", "Hannah Cole"),
        products="Online booking, reminders, patient portal",
        value_minor=3_650_000,
        currency="GBP",
        days_ago=48,
        told_via=ToldVia.EMAIL,
        outcome=Outcome.COMPETITOR,
        competitor="Ludlow Health Software",
        status=Status.FOLLOWING_UP,
        rep="Priya Natarajan",
        notepad="Price was mentioned first but the real story was the migration risk: they "
        "had a bad experience moving records years ago.",
        summary="What decided it was the offer to move your patient records for you, which "
        "took the risk off your team. You mentioned the patient portal might be worth a "
        "conversation one day; I will leave that with you.",
        questions=[
            (
                "decision",
                "What triggered the evaluation?",
                "New finance director reviewing every contract over £20k.",
                False,
            ),
            (
                "performance",
                "At the same price, would you have chosen us?",
                "Probably not: the migration offer tipped it.",
                False,
            ),
        ],
        reasons=[
            (
                LossReason.IMPLEMENTATION_RISK,
                True,
                "high",
                "They promised to move every record for us.",
                False,
            ),
            (LossReason.PRICE_VALUE, False, "low", "Their quote was a little lower.", False),
        ],
        strengths=["Managed data migration", "Local support team"],
        requests=["A migration service we run for the customer"],
        keep_in_touch="yes",
        keep_in_touch_when="Quarterly newsletter, call before renewal",
        renewal_years=1,
        promised_followup="Send the portal roadmap in the spring",
        letters=[
            (
                "meeting_request",
                "Dear Dr. Prichard,\n\nThank you for letting us know your decision; we respect "
                "it. Could we have twenty minutes of your time in the coming weeks? We would "
                "like to learn how we could have served Brightmoor better.",
            ),
        ],
    ),
    _Sample(
        account="Łódź Precision Castings",
        industry="Manufacturing",
        contract_years=(-2, 2),
        account_notes="Family-owned foundry; the founder's daughter now runs purchasing.",
        contact="Zofia Wiśniewska",
        title="Head of Purchasing",
        email="z.wisniewska@lpc.example",
        opportunity="Quality inspection cameras",
        salutation="Ms Wiśniewska",
        address="ul. Odlewnicza 7\n93-100 Łódź\nPoland",
        deal_public_name="the inspection camera project",
        people=[("Paweł Kowal", "Quality Engineer", PersonRole.EVALUATOR, "")],
        products="Inline inspection, defect analytics",
        value_minor=12_900_000,
        currency="PLN",
        days_ago=9,
        told_via=ToldVia.MEETING,
        outcome=Outcome.IN_HOUSE,
        competitor="",
        status=Status.MEETING_REQUESTED,
        rep="Jamie Ortega",
        reasons=[
            (
                LossReason.CHANGED_CRITERIA,
                True,
                "medium",
                "Our engineers want to build it themselves.",
                False,
            ),
        ],
        keep_in_touch="unknown",
    ),
    _Sample(
        account="Altavale Hotels",
        industry="Hospitality",
        contract_years=(-5, -1),
        account_notes="Seven boutique hotels. Their IT is outsourced to a local partner.",
        contact="Lucía Ferrer",
        title="Managing Director",
        email="lucia.ferrer@altavale.example",
        opportunity="Guest Wi-Fi and analytics",
        salutation="Ms Ferrer",
        address="Carrer del Port 12\n07001 Palma\nSpain",
        deal_public_name="your guest Wi-Fi upgrade",
        in_meeting=("Lucía Ferrer",),
        products="Access points, guest analytics dashboard",
        value_minor=2_150_000,
        currency="EUR",
        days_ago=95,
        told_via=ToldVia.PHONE,
        outcome=Outcome.NO_DECISION,
        competitor="",
        status=Status.CLOSED,
        rep="Priya Natarajan",
        notepad="Budget frozen after a poor summer season. No supplier chosen.",
        summary="You explained that the project is paused until next year's budget is set, and "
        "that you would be glad to hear from us when it is.",
        reasons=[
            (LossReason.TIMING_BUDGET, True, "high", "Everything is frozen until spring.", False),
        ],
        keep_in_touch="yes",
        keep_in_touch_when="January, when budgets open",
        promised_followup="Call in January",
    ),
    _Sample(
        account="Kestrel Foods",
        industry="Food production",
        contract_years=(-6, 0),
        account_notes="Long-standing customer. Our second-largest account in the region.",
        contact="Tomás Berggren",
        title="Chief Financial Officer",
        email="tomas.berggren@kestrelfoods.example",
        opportunity="ERP connector and support extension",
        salutation="Mr Berggren",
        address="Industrivägen 3\n582 78 Linköping\nSweden",
        deal_public_name="the ERP link and support",
        people=[
            ("Ingrid Falk", "IT Manager", PersonRole.EVALUATOR, ""),
            ("Oskar Lind", "Purchasing Officer", PersonRole.PROCUREMENT, ""),
        ],
        in_meeting=("Tomás Berggren", "Ingrid Falk"),
        products="ERP connector, premium support",
        value_minor=5_500_000,
        currency="SEK",
        days_ago=33,
        told_via=ToldVia.EMAIL,
        outcome=Outcome.COMPETITOR,
        competitor="Pellucid Software",
        status=Status.MEETING_HELD,
        rep="Jamie Ortega",
        notepad="Hard conversation but fair. Two missed release dates last year hurt trust.",
        questions=[
            (
                "performance",
                "Where did we fall down?",
                "Two late releases; they heard about the second delay from a third party.",
                False,
            ),
            (
                "performance",
                "How did our people come across?",
                "Felt our project lead was stretched across too many customers.",
                True,
            ),
            (
                "competitor",
                "What made the difference?",
                "Pellucid offered a fixed delivery date with penalties.",
                False,
            ),
        ],
        criteria=[("Delivery certainty", "Assumed", "Contractual dates with penalties")],
        reasons=[
            (
                LossReason.SERVICE_DELIVERY,
                True,
                "high",
                "We couldn't plan around your release dates.",
                False,
            ),
            (
                LossReason.RELATIONSHIP,
                False,
                "medium",
                "Project lead seemed overloaded.",
                True,
            ),
        ],
        strengths=["Fixed delivery dates with penalty clauses"],
        requests=["Advance notice of any delay, in writing"],
        keep_in_touch="yes",
        keep_in_touch_when="Before the 2028 renewal",
        renewal_years=2,
    ),
    _Sample(
        account="Kyōdō Seimitsu 共同精密",
        industry="Electronics",
        contract_years=(-1, 3),
        account_notes="Japanese subsidiary; decisions confirmed with head office in Nagoya.",
        contact="Haruka Sato 佐藤 遥",
        title="General Manager",
        email="h.sato@kyodo-seimitsu.example",
        opportunity="Field service app pilot",
        salutation="Ms Sato",
        address="2-8-1 Minami-cho\nKawasaki, Kanagawa 210-0001\nJapan",
        deal_public_name="the field service app pilot",
        people=[("Kenji Mori 森 健二", "Service Team Leader", PersonRole.USER, "")],
        products="Field service app, 40 seats",
        value_minor=1_980_000,
        currency="USD",
        days_ago=3,
        told_via=ToldVia.EMAIL,
        outcome=Outcome.COMPETITOR,
        competitor="Stratum One",
        status=Status.LOGGED,
        rep="Priya Natarajan",
    ),
]


def load_samples(store: Store, today: date | None = None) -> int:
    """Add the sample debriefs (once: loading again adds nothing). Returns how many were added."""
    today = today or date.today()
    with store.atomic() as db:
        if has_samples(store):
            return 0
        for sample in SAMPLES:
            _insert_sample(db, sample, today)
        store.note(
            ChangeSet.of(
                added=_column(db, "SELECT id FROM debriefs WHERE is_sample = 1"),
                accounts=_column(db, "SELECT id FROM accounts WHERE is_sample = 1"),
            )
        )
    return len(SAMPLES)


def remove_samples(store: Store) -> int:
    """Remove every sample debrief and sample account in one step. Real data is untouched."""
    with store.atomic() as db:
        ids = [r[0] for r in db.execute("SELECT id FROM debriefs WHERE is_sample = 1")]
        purge_debriefs(db, ids)
        spare = (
            "SELECT id FROM accounts WHERE is_sample = 1"
            " AND id NOT IN (SELECT account_id FROM debriefs)"
        )
        store.note(ChangeSet.of(removed=ids, accounts=_column(db, spare)))
        db.execute(f"DELETE FROM contacts WHERE account_id IN ({spare})")
        db.execute(f"DELETE FROM accounts WHERE id IN ({spare})")
    return len(ids)


def _column(db: Database, sql: str) -> list[str]:
    return [row[0] for row in db.execute(sql).fetchall()]


def _promised_on(promise: str, today: date) -> str | None:
    """The promise's own month where it names one ("Call in March"), else a month from now."""
    if not promise:
        return None
    named = when_to_date(parse_when(promise, today) or "")
    return (named or today + timedelta(days=30)).isoformat()


def _years(today: date, years: int) -> str:
    return (today + timedelta(days=round(365.25 * years))).isoformat()


def _insert_sample(db: Database, s: _Sample, today: date) -> None:
    stamp = now_iso()
    account_id, contact_id, debrief_id = new_id(), new_id(), new_id()
    db["accounts"].insert(
        {
            "id": account_id,
            "name": s.account,
            "industry": s.industry,
            "contract_start": _years(today, s.contract_years[0]),
            "contract_end": _years(today, s.contract_years[1]),
            "notes": s.account_notes,
            "address": s.address,
            "is_sample": 1,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    db["contacts"].insert(
        {
            "id": contact_id,
            "account_id": account_id,
            "name": s.contact,
            "title": s.title,
            "email": s.email,
            "is_decision_maker": 1,
            "role": PersonRole.DECISION_MAKER.value,
            "salutation": s.salutation,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    people = {s.contact: contact_id}
    for name, title, role, email in s.people:
        people[name] = new_id()
        db["contacts"].insert(
            {
                "id": people[name],
                "account_id": account_id,
                "name": name,
                "title": title,
                "email": email,
                "is_decision_maker": int(role == PersonRole.DECISION_MAKER),
                "role": role.value,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    lost = today - timedelta(days=s.days_ago)
    met = s.status not in (Status.LOGGED, Status.MEETING_REQUESTED)
    db["debriefs"].insert(
        {
            "id": debrief_id,
            "account_id": account_id,
            "contact_id": contact_id,
            "opportunity": s.opportunity,
            "products": s.products,
            "value_minor": s.value_minor,
            "currency": s.currency,
            "date_lost": lost.isoformat(),
            "told_via": s.told_via.value,
            "outcome": s.outcome.value,
            "competitor": s.competitor,
            "status": s.status.value,
            "rep_name": s.rep,
            "deal_public_name": s.deal_public_name,
            "is_sample": 1,
            "created_at": stamp,
            "updated_at": stamp,
            "meeting_date": (lost + timedelta(days=10)).isoformat() if met else None,
            "notepad": s.notepad,
            "summary": s.summary,
            "keep_in_touch": s.keep_in_touch,
            "keep_in_touch_when": s.keep_in_touch_when,
            "keep_in_touch_on": parse_when(s.keep_in_touch_when, lost) or "",
            "consolation_order": s.consolation_order,
            "renewal_date": _years(today, s.renewal_years) if s.renewal_years else None,
            "promised_followup": s.promised_followup,
            "followup_date": _promised_on(s.promised_followup, today),
        }
    )
    db["debrief_attendees"].insert_all(
        {"debrief_id": debrief_id, "contact_id": people[name], "position": i}
        for i, name in enumerate(s.in_meeting)
    )
    db["debrief_questions"].insert_all(
        {
            "id": new_id(),
            "debrief_id": debrief_id,
            "position": i,
            "phase": phase,
            "text": text,
            "state": "asked",
            "note": note,
            "note_internal": int(
                internal or _SAMPLE_ROLES.get(text, role_of(None, phase)).starts_internal
            ),
            "sensitive": int(internal and phase == "performance"),
            "role": _SAMPLE_ROLES.get(text, role_of(None, phase, internal)).value,
            "updated_at": stamp,
        }
        for i, (phase, text, note, internal) in enumerate(s.questions)
    )
    db["criteria"].insert_all(
        {
            "id": new_id(),
            "debrief_id": debrief_id,
            "position": i,
            "criterion": c,
            "then_text": then,
            "now_text": now,
        }
        for i, (c, then, now) in enumerate(s.criteria)
    )
    db["loss_reasons"].insert_all(
        {
            "id": new_id(),
            "debrief_id": debrief_id,
            "category": reason.value,
            "is_primary": int(primary),
            "confidence": confidence,
            "quote": quote,
            "internal": int(internal),
        }
        for reason, primary, confidence, quote, internal in s.reasons
    )
    captured = [("competitor_strength", t) for t in s.strengths] + [
        ("product_request", t) for t in s.requests
    ]
    db["captured_items"].insert_all(
        {
            "id": new_id(),
            "debrief_id": debrief_id,
            "kind": kind,
            "position": i,
            "text": text,
            "internal": int(kind == "competitor_strength"),
        }
        for i, (kind, text) in enumerate(captured)
    )
    db["letters"].insert_all(
        {
            "id": new_id(),
            "debrief_id": debrief_id,
            "kind": kind,
            "text": text,
            "created_at": stamp,
        }
        for kind, text in s.letters
    )
    reindex_debrief(db, debrief_id)


# -- a big archive, fast, for tests and the benchmark ------------------------------------------

_FIRST = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eva",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Marek",
    "Nora",
    "Omar",
    "Pia",
]
_LAST = [
    "Adler",
    "Brandt",
    "Costa",
    "Duarte",
    "Engel",
    "Fischer",
    "García",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lund",
]
_ORG_A = [
    "North",
    "South",
    "East",
    "West",
    "Blue",
    "Green",
    "Silver",
    "Iron",
    "Oak",
    "Cedar",
    "River",
    "Stone",
    "Harbor",
    "Summit",
]
_ORG_B = [
    "Logistics",
    "Foods",
    "Dental",
    "Hotels",
    "Castings",
    "Energy",
    "Labs",
    "Media",
    "Textiles",
    "Pharma",
    "Retail",
]
_COMPETITORS = ["Corvane Systems", "Ludlow Analytics", "Pellucid Software", "Stratum One"]
_WORDS = [
    "price",
    "support",
    "driver",
    "app",
    "renewal",
    "budget",
    "migration",
    "risk",
    "delivery",
    "trust",
    "roadmap",
    "training",
    "onboarding",
    "integration",
    "reporting",
    "dashboard",
    "contract",
    "warehouse",
    "fleet",
    "invoice",
    "portal",
]


def generate_archive(store: Store, count: int, seed: int = 5, accounts: int | None = None) -> None:
    """Fill the database with `count` plausible debriefs (not samples) in one transaction.

    Rows, reasons and search documents go in with executemany, so 20,000 debriefs take seconds.
    """
    rng = random.Random(seed)
    n_accounts = accounts or max(1, count // 4)
    stamp = now_iso()
    today = date.today()
    account_rows, contact_rows = [], []
    for i in range(n_accounts):
        aid = new_id()
        name = f"{rng.choice(_ORG_A)} {rng.choice(_ORG_B)} {i}"
        account_rows.append((aid, name, f"Notes about {name}", stamp, stamp))
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        contact_rows.append((new_id(), aid, person, "Director", stamp, stamp, name))
    reps = ["Jamie Ortega", "Priya Natarajan", "Sam Okafor", "Lea Novak"]
    outcomes = list(Outcome)
    statuses = list(Status)
    reasons = list(LossReason)
    debrief_rows, reason_rows, search_rows = [], [], []
    for i in range(count):
        did = new_id()
        acc = account_rows[i % n_accounts]
        contact = contact_rows[i % n_accounts]
        outcome = outcomes[0] if rng.random() < 0.7 else rng.choice(outcomes)
        competitor = rng.choice(_COMPETITORS) if outcome == Outcome.COMPETITOR else ""
        rep = rng.choice(reps)
        deal = f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} {i}"
        notes = " ".join(rng.choice(_WORDS) for _ in range(30))
        lost = (today - timedelta(days=rng.randrange(0, 3650))).isoformat()
        debrief_rows.append(
            (
                did,
                acc[0],
                contact[0],
                deal,
                rng.randrange(1_000, 500_000) * 100,
                "EUR",
                lost,
                outcome.value,
                competitor,
                rng.choice(statuses).value,
                rep,
                notes,
                stamp,
                stamp,
            )
        )
        reason_rows.append((new_id(), did, rng.choice(reasons).value, 1, "medium", ""))
        search_rows.append(
            (
                did,
                "\n".join(p for p in (acc[1], deal, competitor) if p),
                f"{contact[2]}\nDirector\n{rep}",
                f"{acc[2]}\n{notes}",
            )
        )
    with store.atomic() as db:
        conn = db.conn
        conn.executemany(
            "INSERT INTO accounts (id, name, notes, created_at, updated_at) VALUES (?,?,?,?,?)",
            account_rows,
        )
        conn.executemany(
            "INSERT INTO contacts (id, account_id, name, title, is_decision_maker, role,"
            " created_at, updated_at) VALUES (?,?,?,?,1,'decision_maker',?,?)",
            [r[:6] for r in contact_rows],
        )
        conn.executemany(
            "INSERT INTO debriefs (id, account_id, contact_id, opportunity, value_minor, currency,"
            " date_lost, outcome, competitor, status, rep_name, notepad, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            debrief_rows,
        )
        conn.executemany(
            "INSERT INTO loss_reasons (id, debrief_id, category, is_primary, confidence, quote)"
            " VALUES (?,?,?,?,?,?)",
            reason_rows,
        )
        add_documents(db, search_rows)
        store.note(
            ChangeSet.of(added=[r[0] for r in debrief_rows], accounts=[r[0] for r in account_rows])
        )
