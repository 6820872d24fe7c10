"""Score predicted records against gold records, as CONTRACT.md section 5 defines.

Pure functions over record dicts (no file I/O). `score_corpus` returns a JSON-serialisable
score dict and the list of every wrong field. Choices the contract leaves open:

- Values compare after `match_key`; agency names (`issuer`, `lead`, `coordinators`) and
  document numbers after `compact_key`; dates, `kind` and `recurrence` as plain strings.
- `signing_capacity` is right when the lists agree element by element; `attachments` when the
  sets of (doc_type, title) agree; `period` when start, end and recurrence agree (a null period
  is three nulls; its printed text is not compared).
- `legal_bases` is a set of keys (`legal_basis_key`), scored by precision/recall/F1 pooled over
  documents.
- Tasks pair greedily: the pair with the highest text ratio first, ties by gold order then
  predicted order, each task used once, ratios under 0.6 never paired; among equal texts a
  task of the same kind pairs first (a plan may print one task in its text and again as a row
  of its appendix table). Gold tasks whose text is
  null pair first, by id within the same section, with the first unpaired predicted task there;
  such pairs have no text ratio and stay out of its mean.
- Per kind: detection precision counts predicted tasks by their predicted kind (what the
  converter called a table row); everything else (detection recall, paired fields, all-right
  rates) counts gold tasks by their gold kind. Each kind's F1 is the harmonic mean of the two.
- A rate with nothing to count is None ("n/a"); F1 counts a None side as 0 when the other
  side exists.
- A gold task is "right" when it is paired and its lead, coordinators and timeframe
  start/end/recurrence are all exact.
- A document with no prediction has every metadata field wrong and every gold task missed.
"""

import difflib
import heapq
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

import numpy as np

from pipeline.textkey import compact_key, match_key

KINDS = ("table", "assignment", "item")
SCOPES = ("all",) + KINDS
MIN_TEXT_RATIO = 0.6
MIN_SECTION_RATIO = 0.9
TASK_FIELDS = (
    "id", "kind", "section", "lead", "coordinators", "product",
    "timeframe_start", "timeframe_end", "timeframe_recurrence",
)
ALL_RIGHT_FIELDS = ("lead", "coordinators", "timeframe_start", "timeframe_end", "timeframe_recurrence")


def _text(value):
    return None if value is None else match_key(value)


def _compact(value):
    return None if value is None else compact_key(value)


def _text_list(values):
    return [_text(value) for value in values or []]


def _agencies(values):
    return {compact_key(value) for value in values or [] if value is not None}


def _attachments(values):
    return {(_text(item.get("doc_type")), _text(item.get("title"))) for item in values or []}


def _timeframe(value):
    if value is None:
        return None, None, None
    return value.get("start"), value.get("end"), value.get("recurrence")


def _same(value):
    """The dates' entry in METADATA_NORMALIZERS: ISO strings already, compared as they are."""
    return value


METADATA_NORMALIZERS = {
    "number": _compact,
    "doc_type": _text,
    "issuer": _compact,
    "place": _text,
    "issued_date": _same,
    "effective_date": _same,
    "title": _text,
    "signer_name": _text,
    "signer_title": _text,
    "signing_capacity": _text_list,
    "attachments": _attachments,
    "period": _timeframe,
}


def legal_basis_key(basis: dict) -> str:
    """The basis's number, or its doc_type + name when it has no number, compacted."""
    if basis.get("number"):
        return compact_key(basis["number"])
    return compact_key(f"{basis.get('doc_type') or ''} {basis.get('name') or ''}")


def _rate(part, whole):
    return part / whole if whole else None


def _f1(precision, recall):
    if precision is None and recall is None:
        return None
    precision, recall = precision or 0.0, recall or 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf(found, predicted, gold, prefix):
    precision, recall = _rate(found, predicted), _rate(found, gold)
    return {
        f"{prefix}_precision": precision,
        f"{prefix}_recall": recall,
        f"{prefix}_f1": _f1(precision, recall),
    }


def _wrong(doc_id, field_name, gold, pred, task=None, line=None, text=None):
    return {"doc_id": doc_id, "task": task, "line": line, "field": field_name,
            "gold": gold, "pred": pred, "text": text}


class _Tally:
    """Counts that add up field by field, from one task or document to a whole corpus."""

    def add(self, other):
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)


# --- metadata ---------------------------------------------------------------------------


@dataclass
class _MetadataTally(_Tally):
    documents: int = 0
    right: Counter = field(default_factory=Counter)
    bases_found: int = 0
    bases_predicted: int = 0
    bases_gold: int = 0

    def rates(self):
        scores = {name: _rate(self.right[name], self.documents) for name in METADATA_NORMALIZERS}
        scores.update(_prf(self.bases_found, self.bases_predicted, self.bases_gold, "legal_bases"))
        return scores


def _score_metadata(doc_id, gold, pred):
    """The document's metadata tally and wrong fields; pred None means no prediction."""
    tally, wrong = _MetadataTally(documents=1), []
    for name, normalize in METADATA_NORMALIZERS.items():
        pred_value = None if pred is None else pred.get(name)
        if pred is not None and normalize(gold.get(name)) == normalize(pred_value):
            tally.right[name] += 1
        else:
            wrong.append(_wrong(doc_id, f"metadata.{name}", gold.get(name), pred_value))
    gold_bases = gold.get("legal_bases") or []
    pred_bases = None if pred is None else pred.get("legal_bases") or []
    gold_keys = {legal_basis_key(basis) for basis in gold_bases}
    pred_keys = {legal_basis_key(basis) for basis in pred_bases or []}
    tally.bases_found = len(gold_keys & pred_keys)
    tally.bases_predicted, tally.bases_gold = len(pred_keys), len(gold_keys)
    if pred is None or gold_keys != pred_keys:
        wrong.append(_wrong(doc_id, "metadata.legal_bases", gold_bases, pred_bases))
    return tally, wrong


# --- task pairing -----------------------------------------------------------------------


def _place(task):
    return _text(task.get("id")), _text(task.get("section"))


def _pair_null_text_by_id(gold_tasks, pred_tasks, gold_free, pred_free):
    pairs = []
    for gi in sorted(gold_free):
        if gold_tasks[gi].get("text") is not None or gold_tasks[gi].get("id") is None:
            continue
        place = _place(gold_tasks[gi])
        pi = next((pi for pi in sorted(pred_free) if _place(pred_tasks[pi]) == place), None)
        if pi is not None:
            pairs.append((gi, pi, None))
            gold_free.remove(gi)
            pred_free.remove(pi)
    return pairs


def _pair_equal_texts(gold_tasks, pred_tasks, gold_keys, pred_keys, gold_free, pred_free):
    # Ratio 1.0 only for equal keys: taking them first in order is exactly the greedy's start,
    # the same kind before any kind.
    pairs = []
    for same_kind in (True, False):
        def key(tasks, keys, index):
            return keys[index], tasks[index].get("kind") if same_kind else None

        waiting = defaultdict(deque)
        for pi in sorted(pred_free):
            waiting[key(pred_tasks, pred_keys, pi)].append(pi)
        for gi in sorted(gold_free):
            bucket = waiting.get(key(gold_tasks, gold_keys, gi))
            if bucket:
                pi = bucket.popleft()
                pairs.append((gi, pi, 1.0))
                gold_free.remove(gi)
                pred_free.remove(pi)
    return pairs


def _character_bounds(gold_keys, pred_keys, gold_ids, pred_ids):
    """(quick_ratio, gold index, predicted index) of every pair reaching MIN_TEXT_RATIO.

    quick_ratio counts the characters two keys share whatever their order: an upper bound of
    the ratio, computed here for all pairs at once.
    """
    characters = set().union(*gold_keys.values(), *pred_keys.values())
    alphabet = {char: column for column, char in enumerate(characters)}

    def character_counts(keys, ids):
        counts = np.zeros((len(ids), len(alphabet)), dtype=np.int32)
        for row, key_id in enumerate(ids):
            for char, count in Counter(keys[key_id]).items():
                counts[row, alphabet[char]] = count
        return counts

    gold_counts, pred_counts = character_counts(gold_keys, gold_ids), character_counts(pred_keys, pred_ids)
    pred_lengths = np.array([len(pred_keys[pi]) for pi in pred_ids], dtype=np.int64)
    pred_ids = np.array(pred_ids, dtype=np.int64)
    for row, gi in enumerate(gold_ids):
        total = np.maximum(pred_lengths + len(gold_keys[gi]), 1)
        # The ratio's own arithmetic, so a bound equals the ratio it bounds exactly.
        bounds = 2.0 * np.minimum(pred_counts, gold_counts[row]).sum(axis=1) / total
        reaching = np.flatnonzero(bounds >= MIN_TEXT_RATIO)
        yield from zip(bounds[reaching].tolist(), [gi] * len(reaching), pred_ids[reaching].tolist())


class _TighterBounds:
    """After quick_ratio: the longest common subsequence (a bound), then the ratio itself."""

    def __init__(self, gold_keys, pred_keys):
        self.gold_keys, self.pred_keys = gold_keys, pred_keys
        self._masks, self._matchers = {}, {}

    def by_subsequence(self, gi, pi):
        # Bit-parallel LCS length (Hyyrö 2004): one big-integer step per predicted character.
        gold, pred = self.gold_keys[gi], self.pred_keys[pi]
        if gi not in self._masks:
            self._masks[gi] = _positions_by_character(gold)
        positions, full = self._masks[gi].get, (1 << len(gold)) - 1
        row = full
        for char in pred:
            matches = row & positions(char, 0)
            row = ((row + matches) | (row - matches)) & full
        return 2.0 * (len(gold) - row.bit_count()) / (len(gold) + len(pred))

    def ratio(self, gi, pi):
        if pi not in self._matchers:
            # autojunk off: on keys of 200+ characters it drops common letters and underrates the match.
            self._matchers[pi] = difflib.SequenceMatcher(None, "", self.pred_keys[pi], autojunk=False)
        self._matchers[pi].set_seq1(self.gold_keys[gi])
        return self._matchers[pi].ratio()


def _positions_by_character(text):
    masks = defaultdict(int)
    for position, char in enumerate(text):
        masks[char] |= 1 << position
    return masks


def _pair_similar_texts(gold_keys, pred_keys, gold_free, pred_free):
    """Greedy by descending ratio, without computing most ratios.

    Every pair enters a heap under its quick_ratio; on reaching the top it goes back under the
    tighter subsequence bound, then under its real ratio. A real ratio on top is at least every
    remaining pair's ratio, so the pairs are exactly the plain greedy's.
    """
    tighter = _TighterBounds(gold_keys, pred_keys)
    tiers = (None, tighter.by_subsequence, tighter.ratio)
    first_bounds = _character_bounds(gold_keys, pred_keys, sorted(gold_free), sorted(pred_free))
    heap = [(-bound, gi, pi, 0) for bound, gi, pi in first_bounds]
    heapq.heapify(heap)
    pairs = []
    while heap and gold_free and pred_free:
        negative_value, gi, pi, tier = heapq.heappop(heap)
        if gi not in gold_free or pi not in pred_free:
            continue
        if tier == len(tiers) - 1:
            pairs.append((gi, pi, -negative_value))
            gold_free.remove(gi)
            pred_free.remove(pi)
            continue
        value = tiers[tier + 1](gi, pi)
        if value >= MIN_TEXT_RATIO:
            heapq.heappush(heap, (-value, gi, pi, tier + 1))
    return pairs


def pair_tasks(gold_tasks: list, pred_tasks: list) -> list:
    """One-to-one (gold index, predicted index, text ratio or None) pairs, in gold order."""
    gold_free, pred_free = set(range(len(gold_tasks))), set(range(len(pred_tasks)))
    pairs = _pair_null_text_by_id(gold_tasks, pred_tasks, gold_free, pred_free)
    gold_keys = {gi: _text(gold_tasks[gi].get("text")) for gi in gold_free}
    pred_keys = {pi: _text(pred_tasks[pi].get("text")) for pi in pred_free}
    gold_keys = {gi: key for gi, key in gold_keys.items() if key is not None}
    pred_keys = {pi: key for pi, key in pred_keys.items() if key is not None}
    gold_free, pred_free = set(gold_keys), set(pred_keys)
    pairs += _pair_equal_texts(gold_tasks, pred_tasks, gold_keys, pred_keys, gold_free, pred_free)
    pairs += _pair_similar_texts(gold_keys, pred_keys, gold_free, pred_free)
    return sorted(pairs)


# --- paired task fields -----------------------------------------------------------------


def _section_right(gold, pred):
    gold_key, pred_key = _text(gold), _text(pred)
    if gold_key is None or pred_key is None:
        return gold_key == pred_key
    return difflib.SequenceMatcher(None, gold_key, pred_key, autojunk=False).ratio() >= MIN_SECTION_RATIO


def _task_values(task):
    start, end, recurrence = _timeframe(task.get("timeframe"))
    return {
        "id": task.get("id"), "kind": task.get("kind"), "section": task.get("section"),
        "lead": task.get("lead") or [], "coordinators": task.get("coordinators") or [],
        "product": task.get("product"),
        "timeframe_start": start, "timeframe_end": end, "timeframe_recurrence": recurrence,
    }


def _compare_fields(gold, pred):
    return {
        "id": _text(gold["id"]) == _text(pred["id"]),
        "kind": gold["kind"] == pred["kind"],
        "section": _section_right(gold["section"], pred["section"]),
        "lead": _agencies(gold["lead"]) == _agencies(pred["lead"]),
        "coordinators": _agencies(gold["coordinators"]) == _agencies(pred["coordinators"]),
        "product": _text(gold["product"]) == _text(pred["product"]),
        "timeframe_start": gold["timeframe_start"] == pred["timeframe_start"],
        "timeframe_end": gold["timeframe_end"] == pred["timeframe_end"],
        "timeframe_recurrence": gold["timeframe_recurrence"] == pred["timeframe_recurrence"],
    }


@dataclass
class _TaskTally(_Tally):
    gold: int = 0
    predicted: int = 0
    gold_paired: int = 0
    predicted_paired: int = 0
    right: Counter = field(default_factory=Counter)
    coordinators_found: int = 0
    coordinators_predicted: int = 0
    coordinators_gold: int = 0
    text_ratio_sum: float = 0.0
    text_ratios: int = 0
    all_right: int = 0

    def rates(self):
        precision, recall = _rate(self.predicted_paired, self.predicted), _rate(self.gold_paired, self.gold)
        scores = {"detection_precision": precision, "detection_recall": recall,
                  "detection_f1": _f1(precision, recall)}
        for name in TASK_FIELDS:
            if name == "coordinators":
                scores.update(_prf(self.coordinators_found, self.coordinators_predicted,
                                   self.coordinators_gold, "coordinators"))
            else:
                scores[name] = _rate(self.right[name], self.gold_paired)
        scores["text_ratio"] = _rate(self.text_ratio_sum, self.text_ratios)
        scores["all_right_paired"] = _rate(self.all_right, self.gold_paired)
        scores["all_right_gold"] = _rate(self.all_right, self.gold)
        return scores

    def counts(self):
        return {"gold": self.gold, "predicted": self.predicted, "paired": self.gold_paired}


def _task_labels(gold_tasks):
    """A stable name per gold task for comparing runs: its raw line, else its position."""
    labels = []
    for index, task in enumerate(gold_tasks):
        label = f"line {task['line']}" if task.get("line") else f"task #{index + 1}"
        repeat = 1
        while label in labels:  # two gold tasks starting on one raw line
            repeat += 1
            label = f"line {task['line']} ({repeat})"
        labels.append(label)
    return labels


def _pair_tally(gold, pred, ratio):
    """A one-task tally of a gold task and its paired prediction, and which fields are right."""
    right = _compare_fields(gold, pred)
    gold_coordinators, pred_coordinators = _agencies(gold["coordinators"]), _agencies(pred["coordinators"])
    tally = _TaskTally(
        gold=1, gold_paired=1, right=Counter(name for name, ok in right.items() if ok),
        coordinators_found=len(gold_coordinators & pred_coordinators),
        coordinators_predicted=len(pred_coordinators), coordinators_gold=len(gold_coordinators),
        text_ratio_sum=ratio or 0.0, text_ratios=int(ratio is not None),
        all_right=int(all(right[name] for name in ALL_RIGHT_FIELDS)),
    )
    return tally, right


def _score_tasks(doc_id, gold_tasks, pred_tasks):
    """Tallies per scope, whether each gold task is all right (by label), and the wrong fields."""
    tallies = {scope: _TaskTally() for scope in SCOPES}

    def count(kind, tally):
        for scope in ("all", kind) if kind in KINDS else ("all",):
            tallies[scope].add(tally)

    pairs = pair_tasks(gold_tasks, pred_tasks)
    paired_pred = {pi for _, pi, _ in pairs}
    for pi, task in enumerate(pred_tasks):
        count(task.get("kind"), _TaskTally(predicted=1, predicted_paired=int(pi in paired_pred)))

    pair_of = {gi: (pi, ratio) for gi, pi, ratio in pairs}
    status, wrong = {}, []
    for gi, (gold_task, label) in enumerate(zip(gold_tasks, _task_labels(gold_tasks))):
        if gi not in pair_of:
            count(gold_task.get("kind"), _TaskTally(gold=1))
            status[label] = False
            wrong.append(_wrong(doc_id, "task.missed", gold_task.get("text"), None,
                                gold_task.get("id"), gold_task.get("line"), gold_task.get("text")))
            continue
        pi, ratio = pair_of[gi]
        gold_values, pred_values = _task_values(gold_task), _task_values(pred_tasks[pi])
        tally, right = _pair_tally(gold_values, pred_values, ratio)
        count(gold_task.get("kind"), tally)
        status[label] = bool(tally.all_right)
        line = gold_task.get("line") or pred_tasks[pi].get("line")
        wrong += [_wrong(doc_id, f"task.{name}", gold_values[name], pred_values[name],
                         gold_task.get("id"), line, gold_task.get("text"))
                  for name, ok in right.items() if not ok]
    wrong += [_wrong(doc_id, "task.extra", None, task.get("text"), task.get("id"), task.get("line"), task.get("text"))
              for pi, task in enumerate(pred_tasks) if pi not in paired_pred]
    return tallies, status, wrong


# --- corpus -----------------------------------------------------------------------------


def score_corpus(gold_records: dict, pred_records: dict) -> tuple[dict, list]:
    """Score every gold document (doc_id → record) against its prediction (missing or None: no prediction).

    Returns (scores, wrong_fields). Scores: `metadata` (per field), `tasks` (per scope: all and
    each kind), `task_counts`, the same per document under `documents`, and `task_status`
    (doc_id → gold task label → all fields right) for comparing runs.
    """
    metadata_total = _MetadataTally()
    task_totals = {scope: _TaskTally() for scope in SCOPES}
    documents, task_status, wrong = {}, {}, []
    for doc_id, gold in gold_records.items():
        pred = pred_records.get(doc_id)
        metadata, metadata_wrong = _score_metadata(doc_id, gold.get("metadata") or {},
                                                   None if pred is None else pred.get("metadata") or {})
        tallies, task_status[doc_id], tasks_wrong = _score_tasks(
            doc_id, gold.get("tasks") or [], [] if pred is None else pred.get("tasks") or [])
        metadata_total.add(metadata)
        for scope in SCOPES:
            task_totals[scope].add(tallies[scope])
        documents[doc_id] = {
            "predicted": pred is not None,
            "metadata": metadata.rates(),
            "tasks": {scope: tallies[scope].rates() for scope in SCOPES},
            "task_counts": {scope: tallies[scope].counts() for scope in SCOPES},
        }
        wrong += metadata_wrong + tasks_wrong
    scores = {
        "documents_scored": len(documents),
        "documents_predicted": sum(document["predicted"] for document in documents.values()),
        "metadata": metadata_total.rates(),
        "tasks": {scope: task_totals[scope].rates() for scope in SCOPES},
        "task_counts": {scope: task_totals[scope].counts() for scope in SCOPES},
        "documents": documents,
        "task_status": task_status,
    }
    return scores, wrong


def flat_scores(scores: dict) -> dict:
    """The corpus-level rates under their threshold keys: `metadata.<field>`, `tasks.<scope>.<metric>`."""
    flat = {f"metadata.{name}": value for name, value in scores["metadata"].items()}
    for scope, rates in scores["tasks"].items():
        flat.update({f"tasks.{scope}.{name}": value for name, value in rates.items()})
    return flat
