"""Prose tasks: assignment clauses, task sections, leaves, partners and inherited periods."""

import pytest

from conftest import RAW
from extractors.prose_tasks import read_clause, section_kind
from pipeline.convert import convert_file, convert_text


@pytest.mark.parametrize("text, lead, coordinators", [
    # seed 004 L175: a clause heading over bullets
    ("Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các Sở, ban, ngành, địa phương:",
     ["Sở Kế hoạch và Đầu tư"], ["các Sở, ban, ngành, địa phương"]),
    # seed 001 L695: `Giao` before two agencies, the predicate right after them
    ("Giao Sở Kế hoạch và Đầu tư, Sở Tài chính cân đối, bố trí nguồn kinh phí thực hiện Kế hoạch",
     ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], []),
    # seed 000 item 4: where the partner's name ends inside the sentence
    ("Sở Ngoại vụ phối hợp với Bộ Chỉ huy Bộ đội biên phòng thành phố thực hiện tốt công tác quản lý",
     ["Sở Ngoại vụ"], ["Bộ Chỉ huy Bộ đội biên phòng thành phố"]),
    # seed 002: a heading naming the responsible agencies without `chủ trì`
    ("Nhiệm vụ chung của các Sở, ngành, Ủy ban nhân dân các quận, huyện, đơn vị:",
     ["các Sở, ngành", "Ủy ban nhân dân các quận, huyện, đơn vị"], []),
    # seed 002: person-role words are dropped
    ("Thủ trưởng các Sở, ngành, Ủy ban nhân dân các quận, huyện, đơn vị liên quan căn cứ chức năng",
     ["các Sở, ngành", "Ủy ban nhân dân các quận, huyện, đơn vị liên quan"], []),
    # bulk (Nghệ An): another province's department, an abbreviated partner
    ("Sở Khoa học và Công nghệ chủ trì, phối hợp với UBND các huyện, thành phố, thị xã triển khai",
     ["Sở Khoa học và Công nghệ"], ["Ủy ban nhân dân các huyện, thành phố, thị xã"]),
    # a ministry (written case)
    ("Bộ Tài chính chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư hướng dẫn các địa phương",
     ["Bộ Tài chính"], ["Bộ Kế hoạch và Đầu tư"]),
    # bulk_4f30202155d56bdd item 6: the usual phrase between the agencies and their duty
    ("Các sở, ban, ngành liên quan theo chức năng nhiệm vụ được giao phối hợp với các địa phương, "
     "đơn vị triển khai thực hiện có hiệu quả Chỉ thị này.", ["Các sở, ban, ngành liên quan"],
     ["các địa phương, đơn vị"]),
    # bulk_15e6fb3d3f3b2644 (a telegram): a distributed head, then a duty adverb
    ("Các Bộ: Quốc phòng, Tài chính kịp thời xuất cấp các phương tiện, trang thiết bị",
     ["Bộ Quốc phòng", "Bộ Tài chính"], []),
    # bulk_a83fffe08d7aeed7, bulk_192068354fd1ffe5: partners named by a bare list of group nouns
    ("Sở Y tế chủ trì, phối hợp với sở, ban, ngành, Ủy ban nhân dân xã, phường tổ chức triển khai",
     ["Sở Y tế"], ["sở, ban, ngành", "Ủy ban nhân dân xã, phường"]),
    ("Sở Giáo dục và Đào tạo phối hợp với doanh nghiệp, viện nghiên cứu, trường đại học tổ chức các "
     "chương trình", ["Sở Giáo dục và Đào tạo"], ["doanh nghiệp, viện nghiên cứu, trường đại học"]),
    # bulk_ceb89a53c7b93f00: `phối hợp chặt chẽ` without `với`
    ("Ban Quản lý Khu kinh tế Đông Nam phối hợp chặt chẽ Sở Khoa học và Công nghệ để hỗ trợ doanh "
     "nghiệp", ["Ban Quản lý Khu kinh tế Đông Nam"], ["Sở Khoa học và Công nghệ"]),
    # bulk_44aeb2fd86d07d4a (a Prime Minister's telegram), with its commas
    ("Bộ Y tế theo chức năng, nhiệm vụ được giao chủ trì, phối hợp với Bộ Tài chính hướng dẫn",
     ["Bộ Y tế"], ["Bộ Tài chính"]),
])
def test_read_clause(text, lead, coordinators):
    clause = read_clause(text)
    assert (list(clause.lead), list(clause.coordinators)) == (lead, coordinators)


@pytest.mark.parametrize("text", [
    "Đẩy mạnh tuyên truyền, phổ biến, quán triệt, nâng cao nhận thức về tăng trưởng xanh",
    "Tăng cường vai trò của Ủy ban Mặt trận tổ quốc Việt Nam thành phố",  # an agency as object
    # bulk_2957e4f4f0e41373: a quota of awards after the colon, not a duty
    "Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân;",
    "Ban bầu cử đại biểu Quốc hội: 01 cá nhân/01 ban;",
])
def test_no_clause_without_a_subject_agency(text):
    assert read_clause(text) is None


def test_task_section_heading_is_no_agency():
    """Regression: `CÁC NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU` (seed 004) was read as an agency group."""
    assert read_clause("CÁC NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU:", opener_required=True) is None


@pytest.mark.parametrize("heading, kind", [
    ("NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2020", "tasks"),
    ("CÁC NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU:", "tasks"),
    ("GIẢI PHÁP THỰC HIỆN", "tasks"),
    ("NỘI DUNG THỰC HIỆN", "tasks"),
    ("TỔ CHỨC THỰC HIỆN.", "organization"),
    ("CÔNG TÁC CHỈ ĐẠO THỰC HIỆN", "organization"),
    ("PHÂN CÔNG NHIỆM VỤ", "organization"),
    ("MỤC ĐÍCH, YÊU CẦU", "excluded"),
    # bulk_192068354fd1ffe5, bulk_448306af3d3a91f7, bulk_ceb89a53c7b93f00
    ("LỘ TRÌNH THỰC HIỆN", "tasks"),
    ("Nguồn lực và việc sử dụng nguồn lực để thực hiện quy hoạch", "excluded"),
    ("Hiện trạng", "excluded"),
    # regression: `cơ sở` excluded every group of bodies named by it
    ("Các cơ sở giáo dục", None),
    ("CƠ SỞ PHÁP LÝ", "excluded"),
    # bulk_2957e4f4f0e41373, bulk_5d99697f14bcf68a: any `Nội dung …` section; a heading joining an
    # excluded topic to a task topic leaves the choice to its sub-headings
    ("Nội dung thi đua", "tasks"),
    ("NỘI DUNG GIÁM SÁT, ĐÁNH GIÁ", "tasks"),
    ("ĐỐI TƯỢNG, NỘI DUNG THI ĐUA", None),
    ("KINH PHÍ VÀ TỔ CHỨC THỰC HIỆN", None),
    ("NGUỒN KINH PHÍ", "excluded"),
    ("Về nguồn vốn", "excluded"),
    ("Hội nhập quốc tế về kinh tế:", None),
])
def test_section_kind(heading, kind):
    assert section_kind(heading) == kind


PLAN = """ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
Số: 45/KH-UBND
Nghệ An, ngày 10 tháng 02 năm 2025
KẾ HOẠCH
Chuyển đổi số trong lĩnh vực giao thông năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả quản lý nhà nước về giao thông.
II. NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2026
1. Hoàn thiện thể chế:
- Ban hành quy chế quản lý, chia sẻ dữ liệu số.
- Rà soát quy trình nghiệp vụ, hoàn thành trong Quý IV/2025.
2. Phát triển hạ tầng số phục vụ giao thông thông minh.
III. NGUỒN KINH PHÍ
Kinh phí thực hiện từ ngân sách tỉnh.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính:
- Xây dựng cơ sở dữ liệu kết cấu hạ tầng giao thông.
- Phối hợp với Công an tỉnh triển khai hệ thống camera giám sát; báo cáo định kỳ hằng quý.
2. Giao Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.
Trong quá trình triển khai thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo Ủy ban nhân dân tỉnh.
"""


@pytest.fixture(scope="module")
def plan_tasks():
    return convert_text(PLAN, name="kh45.txt")["tasks"]


def test_written_plan_tasks(plan_tasks):
    assert [(t["kind"], t["id"], t["section"], t["lead"], t["coordinators"]) for t in plan_tasks] == [
        ("item", None, "Hoàn thiện thể chế", [], []),
        ("item", None, "Hoàn thiện thể chế", [], []),
        ("item", "2", "NHIỆM VỤ CHỦ YẾU ĐẾN NĂM 2026", [], []),
        ("assignment", None, "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính", ["Sở Xây dựng"],
         ["Sở Tài chính"]),
        ("assignment", None, "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính", ["Sở Xây dựng"],
         ["Sở Tài chính", "Công an tỉnh"]),  # the item's own partner joins the clause's
        ("assignment", "2", "TỔ CHỨC THỰC HIỆN", ["Sở Tài chính"], []),
    ]


def test_written_plan_timeframes(plan_tasks):
    frames = [t["timeframe"] for t in plan_tasks]
    assert frames[0] == {"text": "ĐẾN NĂM 2026", "start": None, "end": "2026", "recurrence": None}
    assert (frames[1]["start"], frames[1]["end"]) == ("2025-10", "2025-12")  # its own deadline
    assert frames[3] is None  # no period above TỔ CHỨC THỰC HIỆN
    assert frames[4]["recurrence"] == "quarterly"


def test_unmarked_lead_in_line_is_a_section():
    """Seed 001 L215: `Về phát triển hạ tầng kỹ thuật:` heads the paragraphs after it, until
    `Về phát triển hạ tầng xã hội: …` opens the next topic on its own first line."""
    tasks = [t for t in convert_file(RAW / "001_afaf3036436bbc5d.txt")["tasks"]
             if 215 <= t["line"] < 305]
    sections = {t["line"]: t["section"] for t in tasks}
    assert sections[217] == "Về phát triển hạ tầng kỹ thuật"
    assert sections[278] == "Về phát triển hạ tầng kỹ thuật"
    assert sections[285] == "Xây dựng kết cấu hạ tầng phục vụ hội nhập quốc tế"
    assert 215 not in sections  # the lead-in line itself is no task


# labelled fields under numbered headings, as in a bulk plan from Lai Châu (bulk_6a406c1f…)
FIELDS_PLAN = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Số: 210/KH-UBND
Lai Châu, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
Triển khai thi hành Luật Tiêu chuẩn và quy chuẩn kỹ thuật
II. NỘI DUNG KẾ HOẠCH
1. Rà soát văn bản quy phạm pháp luật
- Nội dung: Rà soát các văn bản quy phạm pháp luật có liên quan đến Luật.
- Cơ quan chủ trì: Sở Khoa học và Công nghệ.
- Cơ quan phối hợp: Các sở, ngành; UBND các xã, phường.
- Thời gian thực hiện: Quý IV năm 2025.
2. Tham gia góp ý kiến vào dự thảo các văn bản quy định chi tiết
a) Nghị định quy định về điều kiện kinh doanh dịch vụ đánh giá sự phù hợp.
- Cơ quan chủ trì: Sở Khoa học và Công nghệ.
- Thời gian thực hiện: Theo tiến độ xây dựng dự thảo văn bản.
"""


def test_labelled_fields_make_one_assignment():
    tasks = convert_text(FIELDS_PLAN, name="kh210.txt")["tasks"]
    assert [(t["kind"], t["id"], t["section"], t["text"][:22], t["lead"], t["coordinators"],
             t["timeframe"]["start"]) for t in tasks] == [
        ("assignment", None, "Rà soát văn bản quy phạm pháp luật", "Rà soát các văn bản qu",
         ["Sở Khoa học và Công nghệ"], ["Các sở, ngành", "Ủy ban nhân dân các xã, phường"], "2025-10"),
        # an item whose lines under it are its fields: the item is the task
        ("assignment", "a", "Tham gia góp ý kiến vào dự thảo các văn bản quy định chi tiết",
         "Nghị định quy định về ", ["Sở Khoa học và Công nghệ"], [], None),
    ]


DIRECTIVE = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH
Số: 05/CT-UBND
Quảng Ninh, ngày 12 tháng 3 năm 2025
CHỈ THỊ
Về tăng cường công tác phòng, chống thiên tai năm 2025
Để chủ động ứng phó với thiên tai, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Nông nghiệp và Môi trường:
a) Chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh rà soát phương án ứng phó thiên tai, hoàn thành trước ngày 30/4/2025.
b) Theo dõi, tổng hợp tình hình thiên tai, báo cáo Ủy ban nhân dân tỉnh hằng tháng.
2. Ủy ban nhân dân các huyện, thị xã, thành phố chủ động bố trí lực lượng, phương tiện tại chỗ.
"""


def test_directive_numbered_addressees_lead_their_items():
    tasks = convert_text(DIRECTIVE, name="ct05.txt")["tasks"]
    assert [(t["kind"], t["id"], t["lead"], t["coordinators"]) for t in tasks] == [
        ("assignment", "a", ["Sở Nông nghiệp và Môi trường"], ["Bộ Chỉ huy Quân sự tỉnh"]),
        ("assignment", "b", ["Sở Nông nghiệp và Môi trường"], []),  # reports go to, not with
        ("assignment", "2", ["Ủy ban nhân dân các huyện, thị xã, thành phố"], []),
    ]
    assert tasks[0]["timeframe"]["end"] == "2025-04-30"
    assert tasks[1]["timeframe"]["recurrence"] == "monthly"


def test_a_list_of_members_is_no_assignment():
    """Regression (bulk, a regulation of Bắc Ninh): `b) Các Phó Chủ tịch Hội đồng;` was read as
    an agency group made responsible for itself."""
    assert read_clause("Các Phó Chủ tịch Hội đồng;") is None
    assert read_clause("Cục Thuế thành phố.", heading=True) is not None  # an addressee heading is


def test_an_opener_makes_the_agencies_responsible_whatever_verb_follows():
    """`Đề nghị …` or `Giao …` says who is made responsible; the verb after the agencies need
    not be a known duty word (seed 003 V.3 was missed for it)."""
    clause = read_clause("Đề nghị Liên đoàn Lao động tỉnh vận động đoàn viên, người lao động "
                         "hưởng ứng phong trào thi đua")
    assert list(clause.lead) == ["Liên đoàn Lao động tỉnh"]


def test_a_body_named_for_its_purpose_ends_at_any_alias_note():
    """The alias notes are the data's (`sau đây gọi là` as well as `gọi tắt là`)."""
    clause = read_clause("Ban Chỉ đạo thực hiện Chiến lược phát triển bền vững của tỉnh (sau đây gọi là "
                         "Ban Chỉ đạo) chỉ đạo các sở, ngành triển khai thực hiện")
    assert list(clause.lead) == ["Ban Chỉ đạo thực hiện Chiến lược phát triển bền vững của tỉnh"]


def test_a_body_named_for_its_purpose_ends_at_its_short_name():
    """Seed 000 III.1: no head grammar tells where `Ban Chỉ đạo thực hiện Chiến lược …` ends;
    the `(gọi tắt là Ban Chỉ đạo)` that defines its short name does."""
    clause = read_clause("Ban Chỉ đạo thực hiện Chiến lược phát triển bền vững kinh tế biển Việt Nam "
                         "đến năm 2030, tầm nhìn đến năm 2045 của thành phố Hải Phòng (gọi tắt là "
                         "Ban Chỉ đạo) chỉ đạo toàn diện và tổ chức thực hiện Kế hoạch này.")
    assert list(clause.lead) == [
        "Ban Chỉ đạo thực hiện Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, "
        "tầm nhìn đến năm 2045 của thành phố Hải Phòng"]
    assert read_clause("tăng cường năng lực (gọi tắt là …) cho cán bộ") is None  # no name
    # a programme defined the same way is no agency
    assert read_clause("Chương trình mục tiêu quốc gia xây dựng nông thôn mới (gọi tắt là "
                       "Chương trình) được triển khai trên địa bàn tỉnh") is None


# bulk_4f30202155d56bdd (a directive of Quảng Trị), its items 3 and 4 as printed
ADDRESSEE_OVER_PARAGRAPH = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 06/CT-UBND
Quảng Trị, ngày 25 tháng 11 năm 2025
CHỈ THỊ
VỀ VIỆC TĂNG CƯỜNG XỬ LÝ CHỒNG LẤN, LẤN CHIẾM RỪNG VÀ ĐẤT LÂM NGHIỆP

Ủy ban nhân dân tỉnh yêu cầu:

3. Sở Tài chính

- Cân đối, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí để hỗ trợ công tác rà soát.

4. Công an tỉnh

Chỉ đạo các đơn vị trực thuộc, lực lượng Công an xã tăng cường phối hợp, hỗ trợ chính quyền địa
phương trong công tác tuần tra, kiểm soát.
"""

# bulk_4558f5a728d1d865 (a letter of the tax department), its addressees and first paragraph
LETTER = """BỘ TÀI CHÍNH
CỤC THUẾ
Số: 1234/CT-CS
V/v chính sách thuế GTGT
Hà Nội, ngày 20 tháng 11 năm 2025

Kính gửi:

- Thuế tỉnh Bắc Ninh;

- Thuế tỉnh Khánh Hòa.

Cục Thuế nhận được công văn số 5581/BNl-QLDN1 ngày 14/10/2025 của Thuế tỉnh Bắc Ninh.

Căn cứ Điều 25 Nghị định số 181/2025/NĐ-CP ngày 01/7/2025 của Chính phủ quy định về hóa đơn.
"""


def test_a_numbered_agency_over_a_paragraph_leads_it():
    """Regression: `4. Công an tỉnh` over an unmarked paragraph made no task (its name and the
    paragraph were read as one sentence, `Công an tỉnh Chỉ …`)."""
    tasks = convert_text(ADDRESSEE_OVER_PARAGRAPH, name="ct06.md")["tasks"]
    assert [(t["id"], t["section"], t["text"][:22], t["lead"]) for t in tasks] == [
        (None, "Sở Tài chính", "Cân đối, tham mưu Ủy b", ["Sở Tài chính"]),
        (None, "Công an tỉnh", "Chỉ đạo các đơn vị trự", ["Công an tỉnh"]),
    ]


def test_a_letters_addressee_leads_nothing():
    """A bullet naming an agency (`Kính gửi: - Thuế tỉnh Khánh Hòa.`) addresses the letter; the
    paragraphs after it are the letter, not that agency's duties."""
    assert convert_text(LETTER, name="cv1234.md")["tasks"] == []


def test_an_agency_heading_joined_to_its_sentence_is_still_a_heading():
    """Seed 004 item 13: `13. Cục Thuế thành phố` and its first line are joined into one
    paragraph (no blank line between them); the capital `Chủ trì` marks where the sentence
    starts, and the item is read as the heading and its task."""
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 1/KH-UBND\nHải Phòng, ngày 2 tháng 1 năm 2016\n"
            "KẾ HOẠCH\nHÀNH ĐỘNG TĂNG TRƯỞNG XANH\nIII. TỔ CHỨC THỰC HIỆN\n"
            "13. Cục Thuế thành phố\nChủ trì đề xuất thực hiện chế độ ưu\n"
            "đãi thuế đối với các doanh nghiệp thực hiện dự án đầu tư.\n")
    [task] = convert_text(text, name="kh1.txt")["tasks"]
    assert (task["id"], task["section"], task["text"][:16], task["lead"]) == (
        None, "Cục Thuế thành phố", "Chủ trì đề xuất ", ["Cục Thuế thành phố"])


# bulk_448306af3d3a91f7 (a ministry's plan), sections III and IV.3 as printed;
# bulk_3a2db039af8c2d05 (Cần Thơ), a duty that directs others
MINISTRY_PLAN = """BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH
Số: 4385/KH-BVHTTDL
Hà Nội, ngày 18 tháng 11 năm 2025
KẾ HOẠCH
THỰC HIỆN QUY HOẠCH MẠNG LƯỚI CƠ SỞ VĂN HÓA VÀ THỂ THAO

III. GIẢI PHÁP THỰC HIỆN

Triển khai thực hiện đồng bộ, có trọng tâm, trọng điểm và hiệu quả 08 nhóm giải pháp.

IV. TỔ CHỨC THỰC HIỆN

3. Sở Văn hóa và Thể thao tỉnh

a) Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho Ủy ban nhân dân tỉnh:

- Tổ chức thực hiện quản lý nhà nước về văn hóa, thể thao tại địa phương.

4. Ngân hàng Nhà nước chi nhánh khu vực 14

a) Chỉ đạo các Ngân hàng thương mại trên địa bàn phối hợp với Sở Y tế:

- Ký kết với đơn vị quản lý chi trả cho các nhóm đối tượng.
"""


def test_a_section_item_over_a_paragraph_and_a_duty_heading_over_items():
    """`III. GIẢI PHÁP THỰC HIỆN` over one paragraph heads it (the paragraph is a task); a duty
    heading under an agency gives its items the partners of the lead's own work, but not those
    of units the lead directs (`Chỉ đạo các Ngân hàng … phối hợp với Sở Y tế`)."""
    tasks = convert_text(MINISTRY_PLAN, name="kh4385.md")["tasks"]
    assert [(t["kind"], t["section"][:20], t["text"][:20], t["lead"], t["coordinators"]) for t in tasks] == [
        ("item", "GIẢI PHÁP THỰC HIỆN", "Triển khai thực hiện", [], []),
        ("assignment", "Chủ trì, phối hợp vớ", "Tổ chức thực hiện qu", ["Sở Văn hóa và Thể thao tỉnh"],
         ["các cơ quan có liên quan"]),
        ("assignment", "Chỉ đạo các Ngân hàn", "Ký kết với đơn vị qu",
         ["Ngân hàng Nhà nước chi nhánh khu vực 14"], []),
    ]


def test_a_lead_in_line_over_the_items_that_end_its_heading():
    """bulk_448306af3d3a91f7 IV.3: under an agency, `Chủ trì, phối hợp với các cơ quan có liên
    quan tham mưu …:` and then only lettered items: the line is their section, and its partners
    are their coordinators."""
    text = MINISTRY_PLAN.replace(
        "a) Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho Ủy ban nhân dân tỉnh:\n\n"
        "- Tổ chức thực hiện quản lý nhà nước về văn hóa, thể thao tại địa phương.",
        "Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho Ủy ban nhân dân tỉnh:\n\n"
        "a) Tổ chức thực hiện quản lý nhà nước về văn hóa, thể thao tại địa phương.\n\n"
        "b) Chủ động cân đối, bố trí đủ nguồn vốn đối ứng từ ngân sách địa phương.")
    tasks = [t for t in convert_text(text, name="kh4385.md")["tasks"] if t["lead"] == ["Sở Văn hóa và Thể thao tỉnh"]]
    assert [(t["id"], t["section"][:20], t["coordinators"]) for t in tasks] == [
        ("a", "Chủ trì, phối hợp vớ", ["các cơ quan có liên quan"]),
        ("b", "Chủ trì, phối hợp vớ", ["các cơ quan có liên quan"]),
    ]



@pytest.mark.parametrize("text, lead", [
    # regression: the verb test saw the phrase that was skipped (`theo` is tagged a verb)
    ("Các doanh nghiệp theo lĩnh vực quản lý của Bộ Công Thương", None),
    # bulk_5d99697f14bcf68a, bulk_344b9eec106a648a: duties no word list names, told by underthesea
    ("Các cơ quan, đơn vị liên quan công bố thông tin theo các mẫu biểu quy định tại Thông tư số "
     "10/2022", ["Các cơ quan, đơn vị liên quan"]),
    ("Bộ Y tế vận hành Hệ thống quản lý đăng ký, cấp phép hành nghề", ["Bộ Y tế"]),
    # a verb that makes no duty: the agencies are what the sentence is about, not its doers
    ("Các doanh nghiệp theo quy định tại Điều 2 của Nghị định này", None),
])
def test_any_verb_after_the_agencies_makes_a_duty_with_the_nlp_on(text, lead, monkeypatch):
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "1")
    clause = read_clause(text)
    assert (list(clause.lead) if clause else None) == lead
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "0")  # the rules alone know no such verb
    assert read_clause(text) is None


# bulk_ceb89a53c7b93f00 (Nghệ An), section IV as printed (shortened)
GROUP_HEADINGS = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 987/KH-UBND
Nghệ An, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
PHÁT TRIỂN HỆ THỐNG SÓNG VIỄN THÔNG 5G

IV. TỔ CHỨC THỰC HIỆN

5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp

- Tạo điều kiện về mặt bằng cho các doanh nghiệp viễn thông lắp đặt trạm.

6. Các doanh nghiệp thứ cấp đang hoạt động trong KCN

- Tuân thủ đầy đủ các quy định pháp luật về an toàn thông tin.

7. Các sở, ban, ngành cấp tỉnh và UBND các xã, phường

- Phối hợp triển khai Kế hoạch.
"""


def test_a_numbered_heading_naming_a_group_is_the_whole_name():
    """Regression: a group heading whose words include a verb (`xây dựng và kinh doanh`, `đang
    hoạt động`) was cut at it, or read as no agency; a heading the agency reader takes whole
    is still split as a list."""
    leads = [t["lead"] for t in convert_text(GROUP_HEADINGS, name="kh987.md")["tasks"]]
    assert leads == [["Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp"],
                     ["Các doanh nghiệp thứ cấp đang hoạt động trong khu công nghiệp"],
                     ["Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các xã, phường"]]


def test_a_directive_addressee_group_with_examples():
    """bulk_4f30202155d56bdd item 5: in a directive's list of addressees, `Các chủ rừng là tổ
    chức (các Ban quản lý rừng …)` leads its bullets, the bracketed examples aside; a numbered
    heading that opens with no group of bodies (`Các bước giám sát`) leads nothing."""
    text = ADDRESSEE_OVER_PARAGRAPH + (
        "\n5. Các chủ rừng là tổ chức (các Ban quản lý rừng đặc dụng, rừng phòng hộ, các Công ty "
        "nông, lâm nghiệp…)\n\n- Thực hiện đầy đủ quyền, nghĩa vụ và trách nhiệm chủ rừng.\n\n"
        "6. Các bước giám sát\n\n- Thông báo cho địa phương về kế hoạch giám sát.\n")
    tasks = convert_text(text, name="ct06.md")["tasks"]
    assert [t["lead"] for t in tasks[2:]] == [["Các chủ rừng là tổ chức"]]
