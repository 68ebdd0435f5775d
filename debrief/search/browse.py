"""Filtered, sorted, paged listing of debriefs, done in SQL so it stays instant at any size.

The list screen asks for one page of rows at a time and for the total count; nothing here ever
loads the whole archive. A search text narrows the rows through the FTS5 index and, unless the
rep picked a column to sort by, orders them by relevance.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from debrief.dates import normalise_date
from debrief.model import LossReason, Outcome, Status, won_by
from debrief.search.index import refresh_stale
from debrief.search.query import RANK, build_match, make_snippet
from debrief.store.database import Store


class SortKey(StrEnum):
    RELEVANCE = "relevance"
    DATE_LOST = "date_lost"
    CUSTOMER = "customer"
    CONTACT = "contact"
    DEAL = "deal"
    WON_BY = "won_by"
    REASON = "reason"
    VALUE = "value"
    STATUS = "status"
    DELETED = "deleted"


_LOST_ON = "COALESCE(d.date_lost, substr(d.created_at, 1, 10))"
_PRIMARY_REASON = (
    "(SELECT r.category FROM loss_reasons r WHERE r.debrief_id = d.id AND r.is_primary = 1"
    " ORDER BY r.id LIMIT 1)"
)
_SORT_SQL = {
    SortKey.DATE_LOST: _LOST_ON,
    SortKey.CUSTOMER: "a.name COLLATE NOCASE",
    SortKey.CONTACT: "COALESCE(c.name, '') COLLATE NOCASE",
    SortKey.DEAL: "d.opportunity COLLATE NOCASE",
    SortKey.WON_BY: "CASE WHEN d.outcome = 'competitor' THEN d.competitor ELSE '~' || d.outcome"
    " END COLLATE NOCASE",
    SortKey.REASON: "COALESCE(" + _PRIMARY_REASON + ", '~')",
    SortKey.VALUE: "COALESCE(d.value_minor, -1)",
    SortKey.STATUS: "d.status",
    SortKey.DELETED: "d.deleted_at",
}


@dataclass(frozen=True)
class Filters:
    """What the rep narrowed the list to. Empty values mean "any"; they all combine (AND)."""

    text: str = ""
    date_from: str | None = None  # inclusive; any form debrief.dates accepts (YYYY-MM-DD)
    date_to: str | None = None
    competitor: str = ""
    reason: LossReason | None = None
    outcome: Outcome | None = None
    status: Status | None = None
    rep: str = ""
    followup_due: str | None = None  # YYYY-MM-DD: only debriefs with a follow-up due by then
    trashed: bool = False  # the trash instead of the live list

    def is_searching(self) -> bool:
        return build_match(self.text) is not None

    def is_narrowed(self) -> bool:
        """Anything other than the plain list (used to tell "no results" from "no debriefs")."""
        return self != Filters(trashed=self.trashed)


@dataclass(frozen=True)
class Sort:
    key: SortKey = SortKey.DATE_LOST
    descending: bool = True


@dataclass(frozen=True)
class ListRow:
    """One line of the list: just what the table shows."""

    id: str
    account_id: str
    lost_on: str
    account_name: str
    contact_name: str
    opportunity: str
    outcome: Outcome
    competitor: str
    primary_reason: LossReason | None
    value_minor: int | None
    currency: str
    status: Status
    rep_name: str
    is_sample: bool
    deleted_at: str | None
    snippet: str  # raw FTS5 snippet with search.HIT_START/HIT_END markers; "" when not searching

    @property
    def won_by(self) -> str:
        return won_by(self.outcome, self.competitor)


# A search that matches more than this many debriefs (a one- or two-letter prefix, a word in
# every note) is counted only this far ("1,000+") and lists the newest first, unranked.
COUNT_CAP = 1000


def _where(filters: Filters, ranked: bool = True) -> tuple[str, list[object]]:
    clauses = ["d.deleted_at IS NOT NULL" if filters.trashed else "d.deleted_at IS NULL"]
    params: list[object] = []
    match = build_match(filters.text)
    if match is not None:
        clauses.append("debrief_search MATCH ?")
        params.append(match)
        if ranked:
            clauses.append("debrief_search.rank MATCH ?")
            params.append(RANK)
    date_from = normalise_date(filters.date_from, "date_from", "first date")
    date_to = normalise_date(filters.date_to, "date_to", "last date")
    if date_from:
        clauses.append(f"{_LOST_ON} >= ?")
        params.append(date_from)
    if date_to:
        clauses.append(f"{_LOST_ON} <= ?")
        params.append(date_to)
    if filters.competitor.strip():
        clauses.append("d.competitor = ? COLLATE NOCASE")
        params.append(filters.competitor.strip())
    if filters.reason is not None:
        clauses.append(
            "d.id IN (SELECT r.debrief_id FROM loss_reasons r"
            " WHERE r.category = ? AND r.is_primary = 1)"
        )
        params.append(LossReason(filters.reason).value)
    if filters.outcome is not None:
        clauses.append("d.outcome = ?")
        params.append(Outcome(filters.outcome).value)
    if filters.status is not None:
        clauses.append("d.status = ?")
        params.append(Status(filters.status).value)
    if filters.rep.strip():
        clauses.append("d.rep_name = ? COLLATE NOCASE")
        params.append(filters.rep.strip())
    if filters.followup_due:  # issue 11
        clauses.append(
            "d.id IN (SELECT f.debrief_id FROM followups f WHERE f.state = 'open' AND f.due <= ?)"
        )
        params.append(filters.followup_due)
    return " AND ".join(clauses), params


def _from(filters: Filters, joins: bool = True) -> str:
    # When searching, the FTS table drives the query: it yields only the matching documents.
    # CROSS JOIN keeps debriefs as the outer loop, so the sort can walk an index.
    base = (
        "debrief_search JOIN debriefs d ON d.rowid = debrief_search.rowid"
        if filters.is_searching()
        else "debriefs d"
    )
    if not joins:
        return f" FROM {base}"
    return (
        f" FROM {base} CROSS JOIN accounts a ON a.id = d.account_id"
        " LEFT JOIN contacts c ON c.id = d.contact_id"
    )


def _order(filters: Filters, sort: Sort, too_many: bool = False) -> str:
    key = sort.key
    if key == SortKey.RELEVANCE and not filters.is_searching():
        key = SortKey.DATE_LOST
    if key == SortKey.RELEVANCE and too_many:
        # Ranking thousands of matches on every keystroke is what made typing lag (bm25 reads
        # every match's positions). The newest entered come first: FTS5 walks its rowids.
        return "debrief_search.rowid DESC"
    if key == SortKey.RELEVANCE:
        return "debrief_search.rank"
    direction = "DESC" if sort.descending else "ASC"
    return f"{_SORT_SQL[key]} {direction}, d.created_at {direction}, d.id {direction}"


def _fresh_search(store: Store, filters: Filters) -> None:
    if not filters.is_searching():
        return
    # Asked on the plain connection first: only the rebuild (rare) needs sqlite-utils.
    if store.conn.execute("SELECT 1 FROM search_stale LIMIT 1").fetchone() is not None:
        refresh_stale(store.db)


def count(store: Store, filters: Filters, cap: int | None = None) -> int:
    """How many debriefs the list holds; with `cap`, counting stops at `cap + 1`."""
    _fresh_search(store, filters)
    if filters.is_searching() and filters == Filters(text=filters.text):
        # Only live debriefs have a document: the index alone can count them.
        sql = "SELECT 1 FROM debrief_search WHERE debrief_search MATCH ?"
        params: list[object] = [build_match(filters.text)]
    else:
        where, params = _where(filters, ranked=False)
        sql = f"SELECT 1{_from(filters, joins=False)} WHERE {where}"
    if cap is not None:
        sql += f" LIMIT {int(cap) + 1}"
    found: int = store.conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
    return found


# One remembered count: (connection, filters, its change counters) and the count.
_last_capped: list[tuple[object, tuple[object, ...], int]] = []


def _capped_count(store: Store, filters: Filters) -> int:
    """count(cap=COUNT_CAP), remembered while nothing changes: the list asks for the count and
    then for the page, and a prefix no index covers costs as much to count as to list."""
    conn = store.conn
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    key = (filters, conn.total_changes, version)
    if _last_capped and _last_capped[0][0] is conn and _last_capped[0][1] == key:
        return _last_capped[0][2]
    found = count(store, filters, cap=COUNT_CAP)
    _last_capped[:] = [(conn, key, found)]
    return found


def count_shown(store: Store, filters: Filters) -> tuple[int, bool]:
    """The number of rows the list shows, and whether there are more than that.

    A search counts up to COUNT_CAP and says "1,000+" beyond: counting every match of "c" (or
    of a word every note has) in a large archive costs more than the rep's next keystroke."""
    if filters.is_searching():
        _fresh_search(store, filters)
        found = _capped_count(store, filters)
        return min(found, COUNT_CAP), found > COUNT_CAP
    return count(store, filters), False


def _too_many(store: Store, filters: Filters, sort: Sort) -> bool:
    """Whether a relevance-ordered search matches too much to rank (see COUNT_CAP)."""
    if sort.key != SortKey.RELEVANCE or not filters.is_searching():
        return False
    _fresh_search(store, filters)
    return _capped_count(store, filters) > COUNT_CAP


def snippet(store: Store, text: str, debrief_id: str) -> str:
    """The "Found in" excerpt of one debrief for the search `text` (see `page(snippets=...)`)."""
    found = store.conn.execute(
        "SELECT body, people, title FROM search_docs WHERE debrief_id = ?", [debrief_id]
    ).fetchone()
    return make_snippet(text, *found) if found else ""


def page(
    store: Store,
    filters: Filters,
    sort: Sort,
    offset: int,
    limit: int,
    snippets: bool = True,
) -> list[ListRow]:
    """Rows `offset`..`offset + limit` of the filtered, sorted list.

    With `snippets=False` a search's rows come without their excerpt; the list asks `snippet()`
    for the rows it paints (reading and scanning 200 whole notes cost more than the query)."""
    _fresh_search(store, filters)
    where, params = _where(filters)
    if filters.is_searching():
        # FTS5 hands rows over in rank order, so the snippet is made only for this page.
        texts = ", debrief_search.body, debrief_search.people, debrief_search.title"
        order = _order(filters, sort, _too_many(store, filters, sort))
        sql = (
            f"SELECT {_COLUMNS}{texts if snippets else ''}{_from(filters)} WHERE {where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        rows = store.conn.execute(sql, [*params, int(limit), int(offset)]).fetchall()
        if not snippets:
            return [_row((*r[:15], "")) for r in rows]
        return [_row((*r[:15], make_snippet(filters.text, *r[15:]))) for r in rows]
    # Otherwise two steps: the ids in order (a narrow sort), then the columns for just those.
    ordered = store.conn.execute(
        f"SELECT d.rowid{_from(filters)} WHERE {where}"
        f" ORDER BY {_order(filters, sort)} LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    keys = [r[0] for r in ordered]
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    sql = f"SELECT {_COLUMNS}, '', d.rowid{_from(filters)} WHERE d.rowid IN ({marks})"
    found = {r[-1]: _row(r) for r in store.conn.execute(sql, keys).fetchall()}
    return [found[k] for k in keys if k in found]


def position_of(store: Store, filters: Filters, sort: Sort, debrief_id: str) -> int:
    """Where a debrief sits in the list as filtered and sorted, or -1 when it isn't in it."""
    _fresh_search(store, filters)
    where, params = _where(filters)
    order = _order(filters, sort, _too_many(store, filters, sort))
    sql = (
        f"SELECT n FROM (SELECT d.id AS id, ROW_NUMBER() OVER (ORDER BY {order})"
        f" - 1 AS n{_from(filters)} WHERE {where}) WHERE id = ?"
    )
    found = store.conn.execute(sql, [*params, debrief_id]).fetchone()
    return found[0] if found else -1


_COLUMNS = (
    f"d.id, d.account_id, {_LOST_ON}, a.name, COALESCE(c.name, ''), d.opportunity, d.outcome,"
    f" d.competitor, {_PRIMARY_REASON}, d.value_minor, d.currency, d.status, d.rep_name,"
    " d.is_sample, d.deleted_at"
)


def _row(r: tuple[Any, ...]) -> ListRow:
    reason = r[8]
    return ListRow(
        id=r[0],
        account_id=r[1],
        lost_on=r[2] or "",
        account_name=r[3],
        contact_name=r[4],
        opportunity=r[5] or "",
        outcome=Outcome.parse(r[6], Outcome.UNKNOWN),
        competitor=r[7] or "",
        primary_reason=LossReason(reason) if reason in LossReason._value2member_map_ else None,
        value_minor=r[9],
        currency=r[10] or "",
        status=Status.parse(r[11], Status.LOGGED),
        rep_name=r[12] or "",
        is_sample=bool(r[13]),
        deleted_at=r[14],
        snippet=r[15] or "",
    )


def list_reps(store: Store) -> list[str]:
    """Rep names used on live debriefs, for the filter's pick list."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT rep_name FROM debriefs WHERE rep_name != '' AND deleted_at IS NULL"
            " GROUP BY rep_name COLLATE NOCASE ORDER BY rep_name COLLATE NOCASE"
        ).fetchall()
    ]
