"""The scorer on tiny hand-made records; every expected number is worked out in a comment."""

import difflib
import random
import time

import pytest

from eval.scorer import flat_scores, pair_tasks, score_corpus

METADATA = {
    "number": "246/KH-UBND", "doc_type": "Kế hoạch", "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
    "place": "Hải Phòng", "issued_date": "2020-10-13", "effective_date": None,
    "title": "Hợp tác quốc tế về phát triển bền vững kinh tế biển",
    "signer_name": "Nguyễn Đình Chuyến", "signer_title": "Phó Chủ tịch",
    "signing_capacity": ["TM. Ủy ban nhân dân", "KT. Chủ tịch"],
    "legal_bases": [{"number": "647/QĐ-TTg", "doc_type": "Quyết định", "issued_date": "2020-05-18",
                     "issuer": "Thủ tướng Chính phủ", "name": None}],
    "attachments": [], "period": None,
}
METADATA_FIELDS = [name for name in METADATA if name != "legal_bases"]


def task(text, id=None, kind="item", section="Nhiệm vụ", lead=(), coordinators=(), product=None,
         timeframe=None, line=None):
    return {"id": id, "kind": kind, "section": section, "text": text, "lead": list(lead),
            "coordinators": list(coordinators), "product": product, "timeframe": timeframe, "line": line}


def record(tasks, **metadata):
    return {"schema": "1", "metadata": {**METADATA, **metadata}, "tasks": list(tasks)}


TASKS = [
    task("Rà soát quy hoạch cảng biển", id="1", kind="table", lead=["Sở Giao thông vận tải"],
         coordinators=["Sở Tài chính"], timeframe={"text": "2021", "start": "2021", "end": "2021", "recurrence": None},
         line=10),
    task("Báo cáo kết quả thực hiện", id="2", kind="assignment", lead=["Sở Ngoại vụ"],
         timeframe={"text": "Hàng năm", "start": None, "end": None, "recurrence": "yearly"}, line=20),
]


def test_perfect_match_scores_one_everywhere():
    scores, wrong = score_corpus({"d": record(TASKS)}, {"d": record(TASKS)})
    assert wrong == []
    assert all(value == 1.0 for value in scores["metadata"].values())
    # coordinators: one agency predicted, one in gold, the same one
    assert all(value == 1.0 for value in scores["tasks"]["all"].values())
    assert scores["task_counts"]["all"] == {"gold": 2, "predicted": 2, "paired": 2}
    assert scores["task_status"] == {"d": {"line 10": True, "line 20": True}}


def test_document_without_prediction_is_all_wrong():
    gold = {"a": record(TASKS), "b": record(TASKS, effective_date=None)}
    scores, wrong = score_corpus(gold, {"a": record(TASKS)})
    # every metadata field right in a, wrong in b (even effective_date, null in both)
    assert all(scores["metadata"][name] == 0.5 for name in METADATA_FIELDS)
    assert scores["documents"]["b"]["metadata"]["effective_date"] == 0.0
    # bases: 1 found of 1 predicted, of 2 in gold: P 1, R 1/2, F1 2/3
    assert scores["metadata"]["legal_bases_precision"] == 1.0
    assert scores["metadata"]["legal_bases_recall"] == 0.5
    assert scores["metadata"]["legal_bases_f1"] == pytest.approx(2 / 3)
    # tasks: 2 of 4 gold found, 2 of 2 predicted right: F1 = 2*1*0.5/1.5
    tasks = scores["tasks"]["all"]
    assert (tasks["detection_precision"], tasks["detection_recall"]) == (1.0, 0.5)
    assert tasks["detection_f1"] == pytest.approx(2 / 3)
    assert (tasks["all_right_paired"], tasks["all_right_gold"]) == (1.0, 0.5)
    assert scores["documents_predicted"] == 1
    assert scores["task_status"]["b"] == {"line 10": False, "line 20": False}
    # 12 metadata fields + legal_bases + 2 missed tasks, all in b
    assert len(wrong) == 15 and {item["doc_id"] for item in wrong} == {"b"}


def test_extra_predicted_task_lowers_precision():
    extra = task("Tổ chức hội nghị sơ kết", kind="item")
    scores, wrong = score_corpus({"d": record(TASKS)}, {"d": record(TASKS + [extra])})
    tasks = scores["tasks"]["all"]
    # P 2/3, R 1, F1 = 2*(2/3)/(5/3) = 0.8
    assert tasks["detection_precision"] == pytest.approx(2 / 3)
    assert tasks["detection_recall"] == 1.0
    assert tasks["detection_f1"] == pytest.approx(0.8)
    assert [(item["field"], item["pred"]) for item in wrong] == [("task.extra", "Tổ chức hội nghị sơ kết")]


def test_missing_task_lowers_recall():
    third = task("Tổng kết, đánh giá", id="3", kind="assignment", lead=["Sở Ngoại vụ"], line=30)
    scores, wrong = score_corpus({"d": record(TASKS + [third])}, {"d": record(TASKS)})
    tasks = scores["tasks"]["all"]
    # P 1, R 2/3, F1 0.8; the missed task is wrong, the two paired ones right
    assert tasks["detection_precision"] == 1.0
    assert tasks["detection_recall"] == pytest.approx(2 / 3)
    assert tasks["detection_f1"] == pytest.approx(0.8)
    assert tasks["all_right_paired"] == 1.0
    assert tasks["all_right_gold"] == pytest.approx(2 / 3)
    assert [(item["field"], item["line"]) for item in wrong] == [("task.missed", 30)]
    assert scores["task_status"]["d"]["line 30"] is False


def test_gold_task_without_text_pairs_by_id_within_its_section():
    gold = [task(None, id="2.1", section="Nhóm B")]
    pred = [task("Xây dựng đề án", id="2.1", section="Nhóm A"),
            task("Lập kế hoạch", id="2.1", section="nhóm b."),
            task("Lập kế hoạch", id="2.2", section="Nhóm B")]
    assert pair_tasks(gold, pred) == [(0, 1, None)]
    scores, _ = score_corpus({"d": record(gold)}, {"d": record(pred)})
    # paired without a ratio: the mean text ratio has nothing to count
    assert scores["tasks"]["all"]["detection_recall"] == 1.0
    assert scores["tasks"]["all"]["text_ratio"] is None


def test_tone_marks_and_case_do_not_matter():
    gold = record([task("Hòa nhập kinh tế quốc tế", section="Ủy ban nhân dân", lead=["UBND quận Hồng Bàng"])],
                  issuer="Ủy ban nhân dân thành phố Hải Phòng",
                  signing_capacity=["TM. Ủy ban nhân dân", "KT. Chủ tịch"])
    pred = record([task("HOÀ NHẬP KINH TẾ QUỐC TẾ.", section="UỶ BAN NHÂN DÂN", lead=["ubnd quận hồng bàng"])],
                  issuer="UỶ BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
                  signing_capacity=["TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH"])
    scores, wrong = score_corpus({"d": gold}, {"d": pred})
    assert wrong == []
    assert scores["tasks"]["all"]["text_ratio"] == 1.0


@pytest.mark.parametrize("gold_agency, pred_agency, right", [
    ("Sở Tài nguyên và Môi trường", "Sở Tài nguyên & Môi trường", False),
    ("Sở Tài nguyên và Môi trường.", "sở tài nguyên và môi trường", True),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", True),
])
def test_agency_names_ignore_case_and_punctuation_only(gold_agency, pred_agency, right):
    scores, _ = score_corpus({"d": record([task("Rà soát", lead=[gold_agency], coordinators=[gold_agency])])},
                             {"d": record([task("Rà soát", lead=[pred_agency], coordinators=[pred_agency])])})
    assert scores["tasks"]["all"]["lead"] == (1.0 if right else 0.0)
    assert scores["tasks"]["all"]["coordinators_f1"] == (1.0 if right else 0.0)


@pytest.mark.parametrize("pred_text, paired", [
    ("abcdexxxxx", False),  # 5 of 10 characters match: ratio 2*5/20 = 0.5
    ("abcdefxxxx", True),   # 6 of 10: ratio 0.6, the lowest that pairs
])
def test_pairs_under_0_6_are_not_pairs(pred_text, paired):
    assert pair_tasks([task("abcdefghij")], [task(pred_text)]) == ([(0, 0, 0.6)] if paired else [])


def test_pairing_takes_the_best_ratio_first():
    gold = [task("abcdefgxyz"), task("abcdefghij")]
    # gold 0: pred 0 at 0.7 ("abcde" + "yz"), pred 1 at 0.8 ("abcdefg" + "x");
    # gold 1: pred 1 at 0.9, pred 0 at 0.5. Best first: (1, 1) then (0, 0); gold order would lose gold 1.
    pred = [task("abcdekyzlm"), task("abcdefghix")]
    assert pair_tasks(gold, pred) == [(0, 0, pytest.approx(0.7)), (1, 1, pytest.approx(0.9))]


def test_identical_texts_pair_in_document_order():
    gold = [task("Báo cáo", lead=["Sở A"]), task("Báo cáo", lead=["Sở B"])]
    pred = [task("Báo cáo", lead=["Sở A"]), task("báo cáo", lead=["Sở B"])]
    assert pair_tasks(gold, pred) == [(0, 0, 1.0), (1, 1, 1.0)]


def test_identical_texts_pair_with_their_own_kind_first():
    """bulk_192068354fd1ffe5 prints `Hỗ trợ doanh nghiệp ứng dụng công nghệ số …` as a duty of
    Sở Công Thương and again as a row of its appendix table: each pairs with its own kind
    whatever order the converter emits them in."""
    text = "Hỗ trợ doanh nghiệp ứng dụng công nghệ số trong quản trị sản xuất"
    gold = [task(text, kind="assignment"), task(text, kind="table")]
    pred = [task(text, kind="table"), task(text, kind="assignment")]
    assert pair_tasks(gold, pred) == [(0, 1, 1.0), (1, 0, 1.0)]


def test_legal_bases_scored_as_sets_pooled_over_documents():
    law = {"number": None, "doc_type": "Luật", "issued_date": "2015-06-19", "issuer": None,
           "name": "Tổ chức chính quyền địa phương"}
    basis = {"number": "647/QĐ-TTg", "doc_type": "Quyết định", "issued_date": "2020-05-18", "issuer": None}
    gold = {"a": record([], legal_bases=[basis, {**basis, "number": "22-NQ/TW"}, law]),
            "b": record([], legal_bases=[{**basis, "number": "45-NQ/TW"}])}
    pred = {"a": record([], legal_bases=[{**basis, "number": "647/QĐ-TTG"}, {**law, "name": "tổ chức chính quyền địa phương"},
                                         {**basis, "number": "31/NQ-CP"}]),
            "b": record([], legal_bases=[])}
    scores, _ = score_corpus(gold, pred)
    # a: 2 found of 3 predicted, 3 gold; b: 0 of 0, 1 gold. Pooled: P 2/3, R 2/4, F1 = 2PR/(P+R) = 4/7
    assert scores["documents"]["a"]["metadata"]["legal_bases_f1"] == pytest.approx(2 / 3)
    assert scores["metadata"]["legal_bases_precision"] == pytest.approx(2 / 3)
    assert scores["metadata"]["legal_bases_recall"] == 0.5
    assert scores["metadata"]["legal_bases_f1"] == pytest.approx(4 / 7)


@pytest.mark.parametrize("field_name, pred_value, right", [
    ("number", "246 / KH-UBND", True),
    ("issued_date", "2020-10", False),
    ("signing_capacity", ["KT. Chủ tịch", "TM. Ủy ban nhân dân"], False),
    ("signing_capacity", ["TM. Ủy ban nhân dân,", "kt. chủ tịch"], True),
    ("attachments", [{"doc_type": "Kế hoạch", "title": "Phát triển"}], False),
    ("period", {"text": "đến năm 2030", "start": None, "end": None, "recurrence": None}, True),
    ("period", {"text": "2030", "start": None, "end": "2030", "recurrence": None}, False),
])
def test_metadata_field_normalization(field_name, pred_value, right):
    scores, _ = score_corpus({"d": record([])}, {"d": record([], **{field_name: pred_value})})
    assert scores["metadata"][field_name] == (1.0 if right else 0.0)


def test_paired_fields_and_coordinators_micro():
    gold = [task("Lập quy hoạch", id="1", section="Phát triển kinh tế biển", coordinators=["Sở A", "Sở B"],
                 product="Quy hoạch", timeframe={"text": "2021", "start": "2021", "end": "2021", "recurrence": None}),
            task("Tổ chức tuyên truyền", id="a", section="Phát triển kinh tế biển")]
    pred = [task("Lập quy hoạch", id="1.", section="Phát triển kinh tế biển.", coordinators=["Sở A"],
                 product="quy hoạch", timeframe={"text": "Năm 2021", "start": "2021", "end": "2021", "recurrence": None}),
            task("Tổ chức tuyên truyền", id="b", section="Phát triển kinh tế", coordinators=["Sở C"],
                 timeframe={"text": "", "start": None, "end": None, "recurrence": None})]
    scores, wrong = score_corpus({"d": record(gold)}, {"d": record(pred)})
    tasks = scores["tasks"]["all"]
    # id: "1" = "1." but "a" != "b"; section 2: ratio 2*18/(23+18) = 0.88 < 0.9
    assert (tasks["id"], tasks["section"], tasks["product"]) == (0.5, 0.5, 1.0)
    # coordinators: {A,B}/{A} and {}/{C}: 1 found, 2 predicted, 2 gold
    assert (tasks["coordinators_precision"], tasks["coordinators_recall"], tasks["coordinators_f1"]) == (0.5, 0.5, 0.5)
    # a null timeframe equals one whose start, end and recurrence are null
    assert (tasks["timeframe_start"], tasks["timeframe_end"], tasks["timeframe_recurrence"]) == (1.0, 1.0, 1.0)
    # both miss a coordinator or add one: no task has every field right
    assert (tasks["all_right_paired"], tasks["all_right_gold"]) == (0.0, 0.0)
    assert sorted(item["field"] for item in wrong) == [
        "task.coordinators", "task.coordinators", "task.id", "task.section"]


def test_per_kind_precision_by_predicted_kind_and_the_rest_by_gold_kind():
    gold = [task("Rà soát quy hoạch", kind="table"), task("Báo cáo định kỳ", kind="assignment")]
    pred = [task("Rà soát quy hoạch", kind="item"), task("Báo cáo định kỳ", kind="assignment"),
            task("Tổ chức hội nghị", kind="table")]
    tasks = score_corpus({"d": record(gold)}, {"d": record(pred)})[0]["tasks"]
    # table: the one predicted table row is an extra (P 0); the gold table row was found (R 1); F1 0
    assert (tasks["table"]["detection_precision"], tasks["table"]["detection_recall"]) == (0.0, 1.0)
    assert tasks["table"]["detection_f1"] == 0.0
    assert tasks["table"]["kind"] == 0.0
    # item: the predicted item was paired (P 1); no gold item, so recall and paired fields are n/a
    assert (tasks["item"]["detection_precision"], tasks["item"]["detection_recall"]) == (1.0, None)
    assert tasks["item"]["kind"] is None
    assert (tasks["assignment"]["detection_f1"], tasks["assignment"]["kind"]) == (1.0, 1.0)
    # all: P 2/3, R 1, kind right 1 of 2
    assert tasks["all"]["detection_precision"] == pytest.approx(2 / 3)
    assert tasks["all"]["kind"] == 0.5


def test_flat_scores_use_the_threshold_keys():
    flat = flat_scores(score_corpus({"d": record(TASKS)}, {"d": record(TASKS)})[0])
    assert flat["metadata.number"] == 1.0
    assert flat["metadata.legal_bases_f1"] == 1.0
    assert flat["tasks.table.detection_f1"] == 1.0
    assert flat["tasks.all.timeframe_start"] == 1.0
    assert flat["tasks.item.lead"] is None  # no item task anywhere


def _plain_greedy(gold_texts, pred_texts):
    ratios = [(difflib.SequenceMatcher(None, g, p, autojunk=False).ratio(), gi, pi)
              for gi, g in enumerate(gold_texts) for pi, p in enumerate(pred_texts)]
    pairs, used_gold, used_pred = [], set(), set()
    for ratio, gi, pi in sorted(ratios, key=lambda item: (-item[0], item[1], item[2])):
        if ratio >= 0.6 and gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi, ratio))
            used_gold.add(gi)
            used_pred.add(pi)
    return sorted(pairs)


@pytest.mark.parametrize("alphabet, longest", [("abcd ", 12), ("abcdefghij ", 80)])
def test_pruned_pairing_equals_plain_greedy(alphabet, longest):
    generator = random.Random(7)

    def text():
        return "".join(generator.choices(alphabet, k=generator.randint(0, longest)))

    def edited(text):  # near copies compete for the same gold task
        return "".join(generator.choice(alphabet) if generator.random() < 0.3 else char for char in text)

    paired = 0
    for _ in range(300):
        gold = [text() for _ in range(generator.randint(0, 6))]
        pred = [edited(generator.choice(gold)) for _ in gold] + [text() for _ in range(generator.randint(0, 2))]
        generator.shuffle(pred)
        keys = [" ".join(text.split()) for text in gold], [" ".join(text.split()) for text in pred]
        pairs = pair_tasks([task(text) for text in gold], [task(text) for text in pred])
        assert pairs == _plain_greedy(*keys)
        paired += len(pairs)
    assert paired > 300


def test_hundreds_of_tasks_per_document_score_in_seconds():
    generator = random.Random(1)
    words = ("phát triển kinh tế biển sở ban ngành thành phố kế hoạch thực hiện nhiệm vụ quản lý "
             "tài nguyên môi trường đầu tư hạ tầng cảng biển du lịch hợp tác quốc tế").split()

    def sentence():
        return " ".join(generator.choices(words, k=generator.randint(10, 60)))

    def reworded(text):  # one word in ten replaced: still the same task
        return " ".join(generator.choice(words) if generator.random() < 0.1 else word for word in text.split())

    gold, pred = {}, {}
    for doc in range(5):
        texts = [sentence() for _ in range(300)]
        gold[f"d{doc}"] = record([task(text, id=str(n)) for n, text in enumerate(texts)])
        pred[f"d{doc}"] = record([task(reworded(text), id=str(n)) for n, text in enumerate(texts)]
                                 + [task(sentence()) for _ in range(30)])
    started = time.perf_counter()
    scores, _ = score_corpus(gold, pred)
    assert time.perf_counter() - started < 20
    assert scores["tasks"]["all"]["detection_recall"] == 1.0
    assert scores["tasks"]["all"]["id"] == 1.0
