"""`make test` checks accuracy too: the seeds, converted by the library, must meet eval/thresholds.toml.

The same loading, scoring and threshold check as `python -m eval` (eval.records, eval.scorer,
eval.thresholds); the seeds are converted once for this module.
"""

import copy

import pytest

from eval.records import load_gold, load_predictions
from eval.scorer import flat_scores, score_corpus
from eval.thresholds import below_thresholds, load_thresholds, unknown_scores
from pipeline.batch import run_batch
from tests.conftest import RAW, ROOT

GOLD = ROOT / "eval" / "gold"
THRESHOLDS = ROOT / "eval" / "thresholds.toml"


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def predictions(gold, tmp_path_factory):
    """The seeds converted (agency NLP on, whatever the caller's environment says) and read back."""
    out = tmp_path_factory.mktemp("structured")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONGBAO_AGENCY_NLP", "1")
        result = run_batch([RAW], out, workers=1, progress=False)
    assert result.ok, result.errors
    return load_predictions(out / "documents", gold)


def flat(gold, predictions):
    return flat_scores(score_corpus(gold, predictions)[0])


@pytest.fixture(scope="module")
def seed_scores(gold, predictions):
    return flat(gold, predictions)


def test_every_gold_document_is_converted(gold, predictions):
    assert gold and sorted(predictions) == sorted(gold)


def test_seed_scores_meet_the_thresholds(seed_scores):
    scores, thresholds = seed_scores, load_thresholds(THRESHOLDS)
    assert not unknown_scores(scores, thresholds), "eval/thresholds.toml names scores that do not exist"
    failures = below_thresholds(scores, thresholds)
    assert not failures, f"{len(failures)} score(s) under eval/thresholds.toml:\n" + "\n".join(failures)


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
