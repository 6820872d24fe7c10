"""Prose tasks: `assignment` and `item` tasks from the outline of a plan (ANNOTATION.md
sections 2, 3 and 6).

The outline is read top-down with a context: what kind of section we are in (its tasks, the
organisation of the work, or a section holding none such as purposes or funding), the nearest
heading (the tasks' `section`), the period it states, and the lead and coordinating agencies
of an assignment clause above (`3. Sở Công Thương chủ trì, phối hợp với …:`). Leaves are the
tasks: an enumerated item that is not a heading, with the unmarked paragraphs after it, or an
unmarked paragraph directly under a heading. Lines labelled like table columns (`Nội dung: …`
/ `Cơ quan chủ trì: …` / `Thời gian thực hiện: …`) make one assignment together. Section
words are data in `extractors/data/prose_sections.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.agencies import (GROUP_OPENERS, AgencyRun, expand_abbreviations, nlp_enabled,
                                 read_agencies, split_agencies)
from extractors.agency_nlp import opens_with_verb
from extractors.tasks import make_task
from extractors.timeframes import find_timeframe, heading_period, parse_timeframe
from pipeline import markers
from pipeline.datafiles import load_yaml
from pipeline.document import Block, Document
from pipeline.textkey import match_key

UNLABELLED = ("bullet", None)  # bullets and paragraphs carry no id
MAX_ROLE_WORDS = 20  # characters of person-role words (`Thủ trưởng`) before an agency
CLAUSE_WINDOW = 250  # characters: an agency list and its predicate are read within this reach


@lru_cache(maxsize=None)
def _words() -> dict:
    data = load_yaml("prose_sections.yaml")
    return {key: tuple(match_key(w) for w in sorted(value, key=len, reverse=True))
            for key, value in data.items()}


@dataclass(frozen=True)
class Context:
    kind: str | None = None  # "tasks" | "organization" | None (no task section yet)
    section: str | None = None
    period: dict | None = None
    lead: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    """The agencies an item or heading makes responsible, and those it names as partners."""

    lead: tuple[str, ...]
    coordinators: tuple[str, ...]


def extract_prose_tasks(doc: Document) -> Document:
    scopes = [doc.body] + [part.blocks for part in doc.parts if part.kind == "attachment"]
    for blocks in scopes:
        doc.tasks.extend(_tasks_under(doc, blocks, Context()))
    return doc


def section_kind(heading: str) -> str | None:
    """`tasks`, `organization`, `excluded` or None, from a heading's opening words. A heading
    that joins an excluded topic to a task topic (`ĐỐI TƯỢNG, NỘI DUNG THI ĐUA`, `KINH PHÍ VÀ TỔ
    CHỨC THỰC HIỆN`) has no kind of its own: its sub-headings have theirs."""
    kinds = [_topic_kind(part) for part in re.split(r",\s*|\s+và\s+", match_key(heading))]
    if kinds[0] == "excluded" and any(kind in ("tasks", "organization") for kind in kinds[1:]):
        return None
    return kinds[0]


def _topic_kind(key: str) -> str | None:
    key = key[4:] if key.startswith("các ") else key
    words = _words()
    for kind, name in (("excluded", "excluded_sections"), ("organization", "organization_sections"),
                       ("tasks", "task_sections")):
        if key.startswith(words[name]):
            return kind
    return None


def _tasks_under(doc: Document, blocks: list[Block], context: Context) -> list[dict]:
    tasks: list[dict] = []
    lead_in: Context | None = None  # an unmarked `Về phát triển hạ tầng kỹ thuật:` line above
    fields: list[tuple[Block, str, str]] = []  # a run of labelled fields being gathered
    previous: Block | None = None  # the block before the run
    over_items = False  # the lead-in line introduces the marked items that end the list
    for k, block in enumerate(blocks):
        field = labelled_field(block)
        if field and (field[0] != "task" or not fields):
            fields.append((block, *field))
            continue
        if fields:
            tasks.extend(_flush_fields(doc, fields, context, tasks, previous))
            fields = [(block, *field)] if field else []
            if field:
                continue
        previous = block
        if block.kind == "table" or block.marker in ("article",):
            continue
        if block.kind == "paragraph" and _is_lead_in(block.text):
            # its partners (`Chủ trì, phối hợp với các cơ quan có liên quan tham mưu …:`) work
            # on every item under it
            lead_in = replace(context, section=block.text,
                              period=heading_period(block.text) or context.period,
                              coordinators=_unique(context.coordinators + _own_partners(block.text)))
            rest = blocks[k + 1:]
            over_items = bool(rest) and all(b.kind == "item" and b.marker == rest[0].marker for b in rest)
            continue
        if (block.kind != "paragraph" and not over_items) or (
                lead_in and _opens_like(block.text, lead_in.section)):
            lead_in = None  # a marked item, or a sibling topic printed inline (`Về …: …`)
        if block.kind == "heading" or _heads_its_paragraphs(block):
            tasks.extend(_heading_tasks(doc, block, context))
        elif block.kind in ("item", "paragraph"):
            task = _leaf_task(doc, block, lead_in or context)
            if task:
                tasks.append(task)
    if fields:
        tasks.extend(_flush_fields(doc, fields, context, tasks, previous))
    return tasks


def _flush_fields(doc: Document, fields, context: Context, tasks: list[dict],
                  previous: Block | None) -> list[dict]:
    """Fields without a content field belong to the item printed just above them, which
    becomes their task (`- Trên cơ sở tài liệu …` / `- Cơ quan thực hiện: …`)."""
    if any(role == "task" for _, role, _ in fields) or previous is None or not tasks or \
            previous.unit is None or tasks[-1]["span"][0] != previous.unit.start:
        return _field_tasks(doc, fields, context)
    merged = _field_tasks(doc, fields, context, text=tasks[-1]["text"], task_id=tasks[-1]["id"])
    if merged:
        merged[0]["span"][0], merged[0]["line"] = tasks[-1]["span"][0], tasks[-1]["line"]
        tasks.pop()
    return merged


def labelled_field(block: Block) -> tuple[str, str] | None:
    """`- Cơ quan chủ trì: Sở Khoa học và Công nghệ.` → ("lead", "Sở Khoa học và Công nghệ."):
    a line whose label is a task-table column name (`Nội dung thực hiện`, `Đơn vị phối hợp`,
    `Thời gian thực hiện` …, the words of `pipeline/data/structure_words.yaml`)."""
    if block.kind not in ("item", "paragraph") or block.children or ":" not in block.text[:60]:
        return None
    label, value = block.text.split(":", 1)
    role = markers.header_role(label)
    if role not in ("task", *markers.VALUE_ROLES) or not value.strip():
        return None
    return role, value.strip()


def _field_tasks(doc: Document, fields: list[tuple[Block, str, str]], context: Context,
                 text: str | None = None, task_id: str | None = None) -> list[dict]:
    """One assignment from a run of labelled fields: the content field (or the item above
    them) is the text, the other fields give lead, coordinators, product and timeframe."""
    values = {role: value for _, role, value in fields}
    text = values.get("task") or text
    if not text or not (set(markers.ASSIGNING_ROLES) & set(values)):
        return []
    lead = _field_agencies(values.get("lead", "")) or list(context.lead)
    units = [block.unit for block, _, _ in fields if block.unit]
    return [make_task(doc, id=task_id, kind="assignment" if lead else "item",
                      section=context.section, text=text, lead=lead,
                      coordinators=_field_agencies(values.get("coordinators", "")),
                      product=values.get("product"), timeframe=parse_timeframe(values.get("time")),
                      span=(units[0].start, units[-1].end))]


def _field_agencies(value: str) -> list[str]:
    """A lead or partner field holds a list (`Các sở, ngành; UBND các xã`) or a sentence
    that opens with one (`Sở Khoa học và Công nghệ tiến hành rà soát …`)."""
    if not value:
        return []
    run = read_agencies(value[:CLAUSE_WINDOW])
    return run.names if run else split_agencies(value)


MAX_LEAD_IN = 150  # characters: a longer line ending in `:` is a sentence introducing a list


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":") and len(text) < MAX_LEAD_IN and not _is_list_intro(text)


def _opens_like(text: str, lead_in: str | None) -> bool:
    """`Về phát triển hạ tầng xã hội: Tập trung …` after the lead-in `Về phát triển hạ tầng kỹ
    thuật:`: a parallel topic (its opening words are the lead-in's), printed on the line of its
    first task; `Về đường bộ: …` is a topic under the lead-in."""
    if not lead_in or ":" not in text[:MAX_LEAD_IN]:
        return False
    return match_key(text).split()[:PARALLEL_WORDS] == match_key(lead_in).split()[:PARALLEL_WORDS]


PARALLEL_WORDS = 2


def _heading_tasks(doc: Document, heading: Block, context: Context) -> list[dict]:
    text = heading.text
    kind = section_kind(text)
    if kind == "excluded":
        return []
    if _is_list_intro(text):
        return _tasks_under(doc, heading.children, context)  # neither a task nor a section
    fields = [(child, *labelled_field(child)) for child in heading.children if labelled_field(child)]
    if fields and len(fields) == len(heading.children) and not any(r == "task" for _, r, _ in fields):
        # an item whose lines under it are its fields (`a) Nghị định … / - Cơ quan chủ trì: …`)
        return _field_tasks(doc, fields, context, text=text,
                            task_id=None if heading.marker in UNLABELLED else heading.label)
    inner = replace(context, kind=kind or context.kind, section=text,
                    period=heading_period(text) or context.period)
    # a task-section heading names no agency, unless it opens with one (`Nhiệm vụ chung của …`)
    group = _group_addressee(heading, context)
    clause = Clause(lead=(group,), coordinators=()) if group else read_clause(
        text, opener_required=kind == "tasks", heading=True)
    if clause:
        inner = replace(inner, kind=inner.kind or "organization", lead=clause.lead,
                        coordinators=clause.coordinators)
    elif heading.marker not in UNLABELLED and kind:
        inner = replace(inner, lead=(), coordinators=())
    elif context.lead:  # a duty of the lead above over its items: `Chủ trì, phối hợp với …:`
        inner = replace(inner, coordinators=_unique(context.coordinators + _own_partners(text)))
    return _tasks_under(doc, heading.children, inner)


def _group_addressee(heading: Block, context: Context) -> str | None:
    """`5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp` over its duties, in a
    section that assigns them or a directive's list: a numbered heading that opens with a group
    of bodies, with no colon, is the whole group's name, whatever words qualify it (a bracketed
    list of examples aside)."""
    if context.kind not in ("organization", None) or heading.marker in UNLABELLED or not heading.children:
        return None
    name = re.sub(r"\s*\(.*$", "", heading.text).strip()
    opener = name.split(" ", 1)[0]
    if not (opener[:1].isupper() and opener.lower() in GROUP_OPENERS) or name.endswith((":", ".", ";")) \
            or len(name) > MAX_LEAD_IN:
        return None
    run = read_agencies(name)
    if run is None or run.start != 0:
        return None  # no group of bodies opens it (`Các giải pháp …`, `Các bước giám sát`)
    if not name[run.end:].strip():
        return None  # the agency reader takes it whole, and splits it where it is a list
    return expand_abbreviations(name)


def _heads_its_paragraphs(block: Block) -> bool:
    """An item over unmarked paragraphs that only names a section (`III. GIẢI PHÁP THỰC
    HIỆN`) or an agency (`4. Công an tỉnh`, `7. Đề nghị Ủy ban Mặt trận …`) is their heading.
    A bullet naming an agency is an addressee line (`Kính gửi: - Thuế tỉnh Khánh Hòa.`)."""
    if block.kind != "item" or block.marker in UNLABELLED or not block.children or \
            any(c.kind != "paragraph" for c in block.children):
        return False
    if section_kind(block.text) and len(block.text) < MAX_LEAD_IN and not block.text.rstrip().endswith("."):
        return True
    start = _opener_end(block.text)
    run = read_agencies(block.text, start)
    return run is not None and run.start == start and not block.text[run.end:].strip(" .:;")


def _leaf_task(doc: Document, block: Block, context: Context) -> dict | None:
    if block.unit is None or (block.kind == "paragraph" and context.kind is None and not context.lead):
        return None
    units = [block.unit] + [c.unit for c in block.children if c.kind == "paragraph" and c.unit
                            and not _is_closing(c.text)]
    text = block.text if block.kind == "item" else block.unit.text
    text = " ".join([text] + [u.text for u in units[1:]])
    if not text.strip() or _is_list_intro(text) or text.rstrip().endswith(":"):
        return None  # a lead-in line with nothing under it names no work
    task_id = None if block.marker in UNLABELLED else block.label
    sentence_at = _run_on_heading(text) if task_id and block.kind == "item" else None
    if sentence_at:  # `13. Cục Thuế thành phố` on the line of its first sentence: a heading
        heading, text = text[:sentence_at].strip(), text[sentence_at:]
        context = replace(context, section=heading, coordinators=(),
                          lead=tuple(read_agencies(heading, _opener_end(heading)).names))
        task_id = None
    own = read_clause(text)
    if context.lead:
        lead = own.lead if own else context.lead
        partners = _own_partners(text)
        coordinators = _unique(context.coordinators + partners)
        kind = "assignment"
    elif own:
        lead, coordinators, kind = own.lead, own.coordinators, "assignment"
    elif context.kind == "tasks" and not _is_closing(text):
        lead, coordinators, kind = (), (), "item"
    else:
        return None  # organisational prose naming no agency: a closing sentence
    found = find_timeframe(text)
    timeframe = found[0] if found else context.period
    return make_task(doc, id=task_id, kind=kind, section=context.section, text=text, lead=list(lead),
                     coordinators=list(coordinators), product=None, timeframe=timeframe,
                     span=(units[0].start, units[-1].end))


def _run_on_heading(text: str) -> int | None:
    """Where the sentence starts in an item whose agency heading was joined to it (`Cục Thuế
    thành phố Chủ trì đề xuất …`): after the agencies, a duty word printed with a capital, as
    only a sentence's first word is."""
    start = _opener_end(text)
    run = read_agencies(text, start)
    if run is None or run.start != start:
        return None
    rest = text[run.end:].lstrip()
    if rest[:1].isupper() and match_key(rest).startswith(_words()["lead_predicates"]):
        return len(text) - len(rest)
    return None


def read_clause(text: str, opener_required: bool = False, heading: bool = False) -> Clause | None:
    """The agencies a heading or an item opens with as the responsible subject (`Sở Kế hoạch
    và Đầu tư chủ trì, phối hợp với …:`, `Giao Sở …`, `Nhiệm vụ chung của các Sở, ngành:`),
    with the partners it names (`phối hợp với …`); None when it opens with no agency."""
    return _read_clause(text, opener_required, heading, nlp_enabled())


@lru_cache(maxsize=4096)  # keyed by the NLP switch too, so the ablation never sees stale runs
def _read_clause(text: str, opener_required: bool, heading: bool, nlp: bool) -> Clause | None:
    window = text[:CLAUSE_WINDOW]
    start = _opener_end(window)
    if opener_required and not start:
        return None
    run = read_agencies(window, start)
    if run is None:
        return _named_body_clause(text, start)
    if run.start - start > MAX_ROLE_WORDS:
        return None
    # after `Giao …`, `Đề nghị …` the opener itself says the agencies are made responsible
    if not start and not _predicate_follows(window, run, heading, nlp):
        return None
    return Clause(lead=tuple(run.names), coordinators=_partners(text[run.end:]))


def _opener_end(text: str) -> int:
    """Where the agencies start after an opener that makes them responsible (`Giao `, `Đề
    nghị `); 0 when there is none."""
    key = match_key(text[:CLAUSE_WINDOW])
    for opener in _words()["assign_openers"]:
        if key.startswith(opener + " "):
            return len(opener) + 1
    return 0


@lru_cache(maxsize=None)
def _agency_heads() -> tuple[str, ...]:
    """The head words that open an agency's name (`Ban Chỉ đạo`, `Sở`, `Hội đồng` …)."""
    return tuple(match_key(head) + " " for head in load_yaml("agency_heads.yaml")["heads"])


@lru_cache(maxsize=None)
def _named_body_pattern() -> re.Pattern:
    openers = "|".join(re.escape(o) for o in load_yaml("metadata_words.yaml")["alias_openers"])
    return re.compile(r"(?P<name>[^\W\d_][^()]{3,200}?)\s*\((?:" + openers + r")[^)]*\)", re.IGNORECASE)


def _named_body_clause(text: str, start: int) -> Clause | None:
    """A body named for its purpose, which no head grammar can end (`Ban Chỉ đạo thực hiện
    Chiến lược … của thành phố Hải Phòng (gọi tắt là Ban Chỉ đạo) chỉ đạo …`): the text up to
    the `(gọi tắt là …)` that defines its short name."""
    found = _named_body_pattern().match(text, start)
    if found is None or not match_key(found["name"]).startswith(_agency_heads()):
        return None
    return Clause(lead=(found["name"].strip(),), coordinators=_partners(text[found.end():]))


def _predicate_follows(text: str, run: AgencyRun, heading: bool, nlp: bool) -> bool:
    """What follows the agencies makes them responsible: a duty (`chủ trì`, `có trách nhiệm`
    …, or any verb by underthesea) or, for a heading, the `:` of an addressee or nothing (`13.
    Cục Thuế thành phố.`); not the `;` closing an item in a list of members (`b) Các Phó Chủ
    tịch Hội đồng;`)."""
    rest = text[run.end:].strip(" ,")
    if heading and (not rest.strip(".;") or rest.startswith((":", "("))):
        return True
    key = match_key(rest)
    for adverbial in _words()["subject_adverbials"]:
        if key.startswith(adverbial):  # the keys keep the text's length: the same cut for both
            key, rest = key[len(adverbial):].lstrip(" ,"), rest[len(adverbial):].lstrip(" ,")
            break
    if rest.startswith(":"):
        after = match_key(rest[1:]).strip()
        return not (after[:1].isdigit() or after.startswith(_words()["quota_words"]))
    if key.startswith(_words()["lead_predicates"]):
        return True
    # a duty verb no list names
    return nlp and not heading and not key.startswith(_words()["non_duty_verbs"]) and opens_with_verb(rest)


def _partners(text: str) -> tuple[str, ...]:
    """Agencies named after `phối hợp với`, `chủ trì cùng` … anywhere in the text."""
    lowered = text.lower()
    names: list[str] = []
    for phrase in _partner_pattern().finditer(lowered):
        run = read_agencies(text[phrase.end():phrase.end() + CLAUSE_WINDOW])
        if run and run.start <= MAX_ROLE_WORDS:
            names.extend(run.names)
    return _unique(tuple(names))


def _own_partners(text: str) -> tuple[str, ...]:
    """The partners of the lead's own work; none where it directs others to work with them
    (`Chỉ đạo các Ngân hàng thương mại … phối hợp với Sở Y tế`: the banks' partner)."""
    return () if match_key(text).startswith(_words()["directing_verbs"]) else _partners(text)


@lru_cache(maxsize=None)
def _partner_pattern() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _words()["partner_phrases"])) + r")\s+")


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    seen, out = set(), []
    for name in names:
        key = match_key(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _is_list_intro(text: str) -> bool:
    key = match_key(text)
    return text.rstrip().endswith(":") and len(key) < 60 and any(
        key.startswith(intro) or key.endswith(intro) for intro in _words()["list_intros"])


def _is_closing(text: str) -> bool:
    key = match_key(text)
    return key.startswith(_words()["closing_openers"]) and any(
        word in key for word in _words()["closing_words"])
