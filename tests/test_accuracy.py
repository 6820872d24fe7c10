"""`make test` checks accuracy too: the seeds, converted by the library, must meet
eval/thresholds.toml, and the held-out set (eval/heldout/NOTES.md) eval/heldout/thresholds.toml.

The same loading, scoring and threshold check as `python -m eval` (eval.records, eval.scorer,
eval.thresholds); each set is converted once for this module.
"""

import copy

import pytest

from eval.records import load_gold, load_predictions
from eval.scorer import flat_scores, score_corpus
from eval.thresholds import below_thresholds, load_thresholds, unknown_scores
from pipeline.batch import run_batch
from tests.conftest import RAW, ROOT

SETS = {  # name: (raw folder, gold folder, thresholds)
    "seeds": (RAW, ROOT / "eval" / "gold", ROOT / "eval" / "thresholds.toml"),
    "heldout": (ROOT / "corpus" / "heldout", ROOT / "eval" / "heldout" / "gold",
                ROOT / "eval" / "heldout" / "thresholds.toml"),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Each set's gold and predictions: converted once (agency NLP on, whatever the caller's
    environment says) and read back."""
    sets = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONGBAO_AGENCY_NLP", "1")
        for name, (raw, gold_dir, _) in SETS.items():
            out = tmp_path_factory.mktemp(name)
            result = run_batch([raw], out, workers=1, progress=False)
            assert result.ok, result.errors
            gold = load_gold(gold_dir)
            sets[name] = gold, load_predictions(out / "documents", gold)
    return sets


@pytest.fixture(params=sorted(SETS))
def evaluated(request, converted):
    return request.param, *converted[request.param]


@pytest.fixture
def gold(converted):
    return converted["seeds"][0]


@pytest.fixture
def predictions(converted):
    return converted["seeds"][1]


def flat(gold, predictions):
    return flat_scores(score_corpus(gold, predictions)[0])


@pytest.fixture
def seed_scores(gold, predictions):
    return flat(gold, predictions)


def test_every_gold_document_is_converted(evaluated):
    _, gold, predictions = evaluated
    assert gold and sorted(predictions) == sorted(gold)


def test_scores_meet_the_thresholds(evaluated):
    name, gold, predictions = evaluated
    scores, thresholds = flat(gold, predictions), load_thresholds(SETS[name][2])
    assert not unknown_scores(scores, thresholds), f"{SETS[name][2]} names scores that do not exist"
    failures = below_thresholds(scores, thresholds)
    assert not failures, f"{len(failures)} {name} score(s) under {SETS[name][2]}:\n" + "\n".join(failures)


def drop_tasks_of_first_document(records):
    next(iter(records.values()))["tasks"] = []


def blank_leads(records):
    for record in records.values():
        for task in record["tasks"]:
            task["lead"] = []


def blank_first_number(records):
    next(iter(records.values()))["metadata"]["number"] = None


@pytest.mark.parametrize("lower, reported", [
    (drop_tasks_of_first_document, {"tasks.all.detection_recall", "tasks.all.all_right_gold"}),
    (blank_leads, {"tasks.all.lead", "tasks.table.lead", "tasks.all.all_right_paired"}),
    (blank_first_number, {"metadata.number"}),
])
def test_a_lowered_prediction_is_reported(gold, predictions, seed_scores, lower, reported):
    # Thresholds at today's scores: the check must name every score the lowered copy loses.
    today = {key: value for key, value in seed_scores.items() if value is not None}
    lowered = copy.deepcopy(predictions)
    lower(lowered)
    failures = below_thresholds(flat(gold, lowered), today)
    assert reported <= {line.split(":")[0] for line in failures}
    assert all(" < " in line for line in failures)
