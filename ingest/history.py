"""What a ledger row's change of status means for the case history: the issue events of a new issue (as
migration 0003 backfills them) and of a corrected one (each stamp newly set, a reopen, an escalation, a moved due
date), so that a re-import records history and never silently overwrites it."""
from datetime import datetime

STAMPS = ("reported", "filed", "dispatched", "handled", "fed_back", "closed")


def event(issue_id: int, kind: str, at: datetime, actor: str | None = None, level: int | None = None,
          department: str | None = None, due: object = None) -> dict[str, object]:
    return {"issue_id": issue_id, "kind": kind, "at": at, "actor_name": actor, "level": level,
            "department": department, "due_date": due}


def new_issue_events(issue_id: int, row: dict[str, object]) -> list[dict[str, object]]:
    """The history a new ledger row can tell: its stamps, its escalation, a moved due date and its reopens."""
    events = []
    for stage in STAMPS:
        if (at := row[f"{stage}_at"]) is not None:
            due = (row["first_due_date"] or row["due_date"]) if stage == "filed" else None
            events.append(event(issue_id, stage, at, row["owner_name"] if stage == "handled" else None, due=due))
    decided = row["dispatched_at"] or row["filed_at"] or row["reported_at"]
    if row["escalation_level"]:
        events.append(event(issue_id, "escalated", decided, level=row["escalation_level"],
                            department=row["target_department"]))
    if row["first_due_date"] is not None and row["due_date"] != row["first_due_date"]:
        events.append(event(issue_id, "extended", decided, due=row["due_date"]))
    last_stage = row["fed_back_at"] or row["handled_at"] or row["dispatched_at"] or row["filed_at"]
    if last_stage is not None:
        events.extend(event(issue_id, "reopened", last_stage) for _ in range(row["reopen_count"] or 0))
    return events


def changed_issue_events(issue_id: int, old: dict[str, object], new: dict[str, object],
                         now: datetime) -> list[dict[str, object]]:
    """The events a corrected row records: a stamp set or moved (at its moment); a reopen (the closing taken back,
    or more reopens), an escalation and a new due date at the moment of the import, which is when they are known."""
    events = []
    for stage in STAMPS:
        at = new[f"{stage}_at"]
        if at is not None and at != old[f"{stage}_at"]:
            due = new["due_date"] if stage == "filed" else None
            events.append(event(issue_id, stage, at, new["owner_name"] if stage == "handled" else None, due=due))
    reopens = max((new["reopen_count"] or 0) - (old["reopen_count"] or 0),
                  1 if old["closed_at"] is not None and new["closed_at"] is None else 0)
    events.extend(event(issue_id, "reopened", now) for _ in range(reopens))
    if (new["escalation_level"], new["target_department"]) != (old["escalation_level"], old["target_department"]):
        events.append(event(issue_id, "escalated", now, level=new["escalation_level"],
                            department=new["target_department"]))
    if new["due_date"] != old["due_date"] and new["due_date"] is not None and old["due_date"] is not None:
        events.append(event(issue_id, "extended", now, due=new["due_date"]))
    return events
