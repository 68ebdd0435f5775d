"""Insights counted against the rows themselves: every number the view and the report show is
checked here with independent SQL over the same generated archive."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from debrief.errors import ValidationError
from debrief.followups.agenda import accept_plan, cancel_followup, mark_done, set_relationship
from debrief.followups.model import Channel, FollowupKind, PlanItem, Relationship
from debrief.insights.aggregate import NO_REASON, build_insights
from debrief.insights.charts import MAX_BARS, all_charts, competitor_chart
from debrief.insights.filters import InsightFilters
from debrief.insights.findings import headline_findings, suggested_actions
from debrief.insights.report import INTERNAL_MARK, ReportOptions, render_report
from debrief.model import Outcome
from debrief.resources import resource_path
from debrief.store.database import Store
from tests.insights_data import (
    HOSTILE,
    MULTILINGUAL,
    PEOPLE_CANARY,
    PEOPLE_REASON_CANARY,
    add_debrief,
    rich_archive,
)

FONTS = resource_path("fonts")
LOST_ON = "COALESCE(d.date_lost, substr(d.created_at, 1, 10))"


def live(where: str = "") -> str:
    extra = f" AND {where}" if where else ""
    return f"d.deleted_at IS NULL AND d.is_sample = 0{extra}"


def sql_counts(store: Store, select: str, where: str = "", params: tuple = ()) -> dict:
    rows = store.db.execute(
        f"SELECT {select}, COUNT(DISTINCT d.id) FROM debriefs d"
        " LEFT JOIN loss_reasons r ON r.debrief_id = d.id"
        f" WHERE {live(where)} GROUP BY 1",
        params,
    ).fetchall()
    return {k: n for k, n in rows if n}


def pdf_pages(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def archive(store: Store) -> dict[str, str]:
    return rich_archive(store)


@pytest.mark.parametrize(
    "filters",
    [
        InsightFilters(),
        InsightFilters(date_from="2024-01-01", date_to="2025-12-31"),
        InsightFilters(rep="priya natarajan"),
        InsightFilters(outcome=Outcome.COMPETITOR, date_from="2020-01-01"),
    ],
)
def test_counts_match_the_rows(store: Store, archive: dict, filters: InsightFilters) -> None:
    insights = build_insights(store, filters)
    where, params = ["1=1"], []
    if filters.date_from:
        where.append(f"{LOST_ON} >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        where.append(f"{LOST_ON} <= ?")
        params.append(filters.date_to)
    if filters.rep:
        where.append("d.rep_name = ? COLLATE NOCASE")
        params.append(filters.rep)
    if filters.outcome:
        where.append("d.outcome = ?")
        params.append(filters.outcome.value)
    w, p = " AND ".join(where), tuple(params)

    total = store.db.execute(f"SELECT COUNT(*) FROM debriefs d WHERE {live(w)}", p).fetchone()[0]
    assert insights.total == total > 0
    assert {g.key: g.count for g in insights.outcomes if g.count} == sql_counts(
        store, "d.outcome", w, p
    )
    primary = sql_counts(store, "r.category", f"{w} AND r.is_primary = 1", p)
    assert {g.key: g.count for g in insights.reasons if g.count and g.key != NO_REASON} == primary
    mentioned = sql_counts(store, "r.category", f"{w} AND r.id IS NOT NULL", p)
    assert {g.key: g.count for g in insights.reasons_any if g.count} == mentioned
    # Split by outcome, the segments add up to the bar and match the rows.
    for g in insights.reasons:
        assert sum(len(part.ids) for part in g.parts) == g.count
        if g.key == NO_REASON:
            continue
        by_outcome = sql_counts(
            store, "d.outcome", f"{w} AND r.is_primary = 1 AND r.category = ?", (*p, g.key)
        )
        assert {part.outcome.value: len(part.ids) for part in g.parts if part.ids} == by_outcome
    by_competitor = sql_counts(store, "trim(d.competitor)", f"{w} AND d.outcome = 'competitor'", p)
    assert {c.name: c.count for c in insights.competitors} == by_competitor
    quarter = (
        f"strftime('%Y', {LOST_ON}) || '-Q' || ((CAST(strftime('%m', {LOST_ON}) AS INT) + 2) / 3)"
    )
    assert {g.key: g.count for g in insights.quarters if g.count} == sql_counts(
        store, quarter, w, p
    )
    values = store.db.execute(
        "SELECT d.currency, d.outcome, SUM(d.value_minor), COUNT(*) FROM debriefs d"
        f" WHERE {live(w)} AND d.value_minor IS NOT NULL GROUP BY 1, 2",
        p,
    ).fetchall()
    mine = {
        (v.currency, o.value): (m.total_minor, m.count)
        for v in insights.value
        for o, m in v.by_outcome
        if m.count
    }
    assert mine == {(c, o): (s, n) for c, o, s, n in values}
    # Every chart's bars hold exactly the debriefs of their group.
    for spec in all_charts(insights):
        for bar in spec.bars:
            assert len(set(bar.ids)) == bar.total
            assert all(i in insights.records for i in bar.ids)


def test_requests_criteria_and_praise_count_debriefs_not_mentions(
    store: Store, archive: dict
) -> None:
    insights = build_insights(store, InsightFilters())
    requests = {g.label.casefold(): g.count for g in insights.requests}
    rows = store.db.execute(
        "SELECT lower(trim(c.text)), COUNT(DISTINCT c.debrief_id) FROM captured_items c"
        " JOIN debriefs d ON d.id = c.debrief_id"
        f" WHERE c.kind = 'product_request' AND {live()} GROUP BY 1"
    ).fetchall()
    assert requests == dict(rows)
    assert requests["faster app"] == 2  # "Faster app" and "faster app " are one request
    (delivery,) = [c for c in insights.criteria if c.label.casefold() == "delivery certainty"]
    assert (delivery.count, len(delivery.new_ids), len(delivery.changed_ids)) == (2, 1, 1)
    praise = dict(insights.praise)
    assert {g.label for g in praise[HOSTILE]} == {f"Strength {HOSTILE}", "Fuel cards"}


def test_samples_left_out_unless_asked(store: Store, archive: dict) -> None:
    without = build_insights(store, InsightFilters())
    assert archive["sample"] not in without.records
    with_samples = build_insights(store, InsightFilters(include_samples=True))
    assert archive["sample"] in with_samples.records
    assert with_samples.total == without.total + 1


def test_competitor_filter_is_case_and_space_blind(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters(competitor="  corvane   SYSTEMS "))
    expected = store.db.execute(
        f"SELECT COUNT(*) FROM debriefs d WHERE {live()} AND d.competitor = 'Corvane Systems'"
        " AND d.outcome = 'competitor'"
    ).fetchone()[0]
    assert insights.total == expected > 0
    assert [c.name for c in insights.competitors] == ["Corvane Systems"]


def test_currencies_are_never_added_together(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters(date_from="2026-02-01", date_to="2026-03-01"))
    by_currency = {v.currency: v.total for v in insights.value}
    assert by_currency["USD"].total_minor == 2_500_000 + 700_000
    assert by_currency["GBP"].count == 1 and by_currency["GBP"].total_minor == 1_000_000
    assert all(m.currency == v.currency for v in insights.value for _o, m in v.by_outcome)


def test_an_empty_period(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters(date_from="1990-01-01", date_to="1990-12-31"))
    assert insights.total == 0 and insights.small
    assert all(g.count == 0 for g in insights.outcomes)
    assert insights.quarters == () and insights.competitors == ()
    assert headline_findings(insights) == [] and suggested_actions(insights) == []
    assert all(spec.empty for spec in all_charts(insights))
    pages = pdf_pages(render_report(insights, FONTS))
    assert "No debriefs in this period" in squash(" ".join(pages))
    assert all(INTERNAL_MARK in squash(p) for p in pages)


def test_one_debrief_is_a_small_sample(store: Store) -> None:
    only = add_debrief(
        store,
        lost_on="2026-05-05",
        competitor="Solo Ltd",
        reasons=[("product_fit", True, "The reports were missing.", False)],
    )
    insights = build_insights(store, InsightFilters())
    assert list(insights.records) == [only] and insights.small
    (finding, *_rest) = headline_findings(insights)
    assert finding.small and finding.quote and finding.quote.text == "The reports were missing."
    assert all(b.small for spec in all_charts(insights) for b in spec.bars if b.total)
    text = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "Small sample." in text and "1 debrief: 1 lost to a competitor" in text


def test_many_competitors_fold_into_others(store: Store) -> None:
    for i in range(30):
        add_debrief(store, lost_on="2026-04-01", competitor=f"Rival {i:02d}", account=f"A{i}")
    add_debrief(store, lost_on="2026-04-02", competitor="Rival 00", account="again")
    insights = build_insights(store, InsightFilters())
    spec = competitor_chart(insights)
    assert len(spec.bars) == MAX_BARS + 1
    assert spec.bars[0].full_label == "Rival 00" and spec.bars[0].total == 2
    assert spec.bars[-1].label == f"{30 - MAX_BARS} others"
    assert sum(b.total for b in spec.bars) == 31
    text = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "Rival 29" in text  # named in the report even beyond the sections


def test_findings_have_counts_quotes_and_rules(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters(date_from="2026-01-01", date_to="2026-03-31"))
    findings = headline_findings(insights)
    assert 3 <= len(findings) <= 5
    for f in findings:
        assert 0 < f.count <= f.of and f.rule.statement and str(f.count) in f.text
    quotes = [f.quote.text for f in findings if f.quote]
    assert quotes and len(quotes) == len(set(quotes))
    assert all(PEOPLE_REASON_CANARY not in q for q in quotes)


def test_actions_follow_their_rules(store: Store) -> None:
    for i in range(4):
        add_debrief(
            store,
            lost_on="2026-06-01",
            competitor="Corvane",
            account=f"P{i}",
            reasons=[("price_value", True, f"Too dear {i}", False)],
            requests=["Monthly billing"],
        )
    add_debrief(store, lost_on="2026-06-02", outcome="no_decision", account="Q")
    insights = build_insights(store, InsightFilters())
    rules = [a.rule.id for a in suggested_actions(insights, today=date(2026, 7, 1))]
    assert rules == ["reason-share", "competitor-share", "repeated-request"]
    (price,) = [a for a in suggested_actions(insights) if a.rule.id == "reason-share"]
    assert price.count == 4 and "4 price and value losses" in price.text


def test_bad_dates_are_plain_errors() -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        InsightFilters(date_from="31/12/2026")
    with pytest.raises(ValidationError, match="ends before it starts"):
        InsightFilters(date_from="2026-05-01", date_to="2026-04-01")


def test_report_prints_hostile_and_multilingual_text_literally(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters(date_from="2026-01-01"))
    pages = pdf_pages(render_report(insights, FONTS))
    text = squash(" ".join(pages))
    assert len(pages) >= 3
    for page in pages:
        assert INTERNAL_MARK in squash(page)
        assert "Internal · Competitive-intelligence report" in squash(page)
    assert squash(HOSTILE) in text
    for word in MULTILINGUAL.split(" · "):
        assert word in text
    assert "Very Long Competitor Name Very Long" in text
    assert "Everything is frozen until spring." in text


def test_notes_about_our_people_only_when_ticked(store: Store, archive: dict) -> None:
    insights = build_insights(store, InsightFilters())
    plain = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "CANARY" not in plain
    assert "Notes about our people Left out" in plain
    ticked = squash(
        " ".join(pdf_pages(render_report(insights, FONTS, ReportOptions(people_notes=True))))
    )
    assert PEOPLE_CANARY in ticked and PEOPLE_REASON_CANARY in ticked
    assert "What customers said about our people" in ticked


def test_question_notes_are_sorted_by_role_not_by_the_sensitive_flag(store: Store) -> None:
    """A rep's own set: the people question not marked sensitive, a sensitive question about
    where we fell short, the competitor question in another phase. The role decides (before,
    the sensitive flag and the phase did); a sensitive note is still never quoted unasked."""
    debrief_id = add_debrief(
        store,
        lost_on="2026-03-02",
        competitor="Globex",
        notes=[
            ("performance", "ROLEPEOPLE their lead never called back", False),
            ("performance", "ROLESHORT the rollout plan slipped twice", True),
            ("decision", "ROLEWINNER they could start in January", False),
            ("competitor", "ROLEQUIET asked gently about the winner", True),
            ("performance", "ROLEOLD our engineer seemed rushed", True),  # saved before roles
        ],
        roles=["our_people", "fell_short", "competitor", "competitor", None],
    )
    insights = build_insights(store, InsightFilters())
    people = {q.text for q in insights.people_notes if q.debrief_id == debrief_id}
    assert people == {
        "ROLEPEOPLE their lead never called back",
        "ROLEOLD our engineer seemed rushed",  # no role stored: a sensitive question's is ours
    }
    assert insights.records[debrief_id].competitor_notes == (
        "ROLEWINNER they could start in January",
    )
    plain = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "ROLEWINNER" in plain  # a quote about the winner, as any other
    for private in ("ROLEPEOPLE", "ROLESHORT", "ROLEQUIET", "ROLEOLD"):
        assert private not in plain


def test_followup_results_are_read_from_the_followups_schema(store: Store, archive: dict) -> None:
    """Follow-ups planned, done and cancelled through the follow-ups' own use cases (issue 11,
    migration m1101_followups), and a relationship won back, as the insights count them."""
    insights = build_insights(store, InsightFilters())
    assert insights.followups is not None and insights.followups.planned == 0
    text = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "No follow-ups were planned after these losses." in text
    assert "Where the relationship stands" not in text  # nothing recorded yet

    def plan(debrief_id: str, *items: tuple[FollowupKind, str]) -> list[str]:
        accepted = accept_plan(
            store,
            debrief_id,
            [PlanItem("", kind, Channel.CALL, due, f"{kind.label} ({due})") for kind, due in items],
        )
        return [f.id for f in accepted]

    f1, _f2 = plan(
        archive["hostile"],
        (FollowupKind.CHECK_IN, "2026-03-01"),
        (FollowupKind.WIN_BACK, "2026-04-01"),
    )
    _f3, f4 = plan(
        archive["long"],
        (FollowupKind.CHECK_IN, "2099-01-01"),
        (FollowupKind.WIN_BACK, "2026-05-01"),
    )
    mark_done(store, f1, "They were glad we called.", date(2026, 3, 2))
    cancel_followup(store, f4)
    set_relationship(
        store,
        archive["no_decision"],
        Relationship.WON_BACK,
        on="2026-11-02",
        value="5000",
        today=date(2026, 12, 1),
    )

    insights = build_insights(store, InsightFilters(), today=date(2026, 12, 1))
    results = insights.followups
    assert results is not None
    assert (results.planned, results.done, results.open, results.overdue) == (4, 1, 2, 1)
    assert results.cancelled == 1 and results.win_backs == (2, 0)
    expected_open = store.db.execute(
        "SELECT COUNT(*) FROM debriefs WHERE deleted_at IS NULL AND is_sample = 0"
        " AND relationship = 'open'"
    ).fetchone()[0]
    assert dict(results.relationship) == {"won back": 1, "still open": expected_open}
    assert results.won_back_value == (("GBP", 500000, 1),)
    text = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    assert "4 follow-ups planned after these losses: 1 done, 2 still to do (1 overdue)" in text
    assert "Win-back approaches: 2 planned, 0 made." in text
    assert "Won back: GBP 5,000 (1 deal)." in text
    assert "They were glad we called." not in text  # the outcome note is not a number


def test_report_numbers_match_the_rows(store: Store, archive: dict) -> None:
    since = "2025-06-01"
    insights = build_insights(store, InsightFilters(date_from=since))
    text = squash(" ".join(pdf_pages(render_report(insights, FONTS))))
    w = f"{LOST_ON} >= ?"
    total = store.db.execute(f"SELECT COUNT(*) FROM debriefs d WHERE {live(w)}", (since,))
    assert f"{total.fetchone()[0]} debriefs: " in text
    for outcome, n in sql_counts(store, "d.outcome", w, (since,)).items():
        words = "lost to a competitor" if outcome == "competitor" else Outcome(outcome).label
        assert f"{n} {words.lower()}" in text
    rivals = store.db.execute(
        "SELECT trim(d.competitor), COUNT(*) FROM debriefs d"
        f" WHERE {live(w)} AND d.outcome = 'competitor' GROUP BY 1",
        (since,),
    ).fetchall()
    assert len(rivals) >= 5
    for name, n in rivals:
        if len(name) <= 90:
            assert f"{name} {n} deal{'s' if n > 1 else ''} lost to them" in text
    requests = store.db.execute(
        "SELECT lower(trim(c.text)), COUNT(DISTINCT d.id) FROM captured_items c"
        f" JOIN debriefs d ON d.id = c.debrief_id WHERE {live(w)}"
        " AND c.kind = 'product_request' GROUP BY 1",
        (since,),
    ).fetchall()
    assert ("faster app", 2) in requests
    assert "Faster app 2" in text
