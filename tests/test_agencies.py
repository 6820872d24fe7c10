"""Agency lists in table cells and agency runs in sentences (ANNOTATION.md §4, §6).

Cells and gold lists come from the seed tables (`corpus/raw/`, `eval/gold/`), sentences from the
bulk corpus (`../shared/bulk/`), plus the guide's own examples and small written cases for
other issuers. Names are compared as the scorer compares them (`compact_key`).
"""

import pytest

from extractors.agencies import find_agencies, is_agency, read_agencies, split_agencies
from pipeline.textkey import compact_key


def keys(names):
    return [compact_key(name) for name in names]


GUIDE_EXAMPLES = [
    # §4
    ("Sở Tài nguyên và Môi trường", ["Sở Tài nguyên và Môi trường"]),
    ("Sở Lao động, Thương binh và Xã hội", ["Sở Lao động, Thương binh và Xã hội"]),
    ("Bộ Văn hóa, Thể thao và Du lịch", ["Bộ Văn hóa, Thể thao và Du lịch"]),
    ("UBND", ["Ủy ban nhân dân"]),
    ("HĐND thành phố", ["Hội đồng nhân dân thành phố"]),
    ("Công an TP", ["Công an thành phố"]),
    ("Sở TN&MT", ["Sở Tài nguyên và Môi trường"]),
    ("Sở KH&ĐT", ["Sở Kế hoạch và Đầu tư"]),
    ("Các Sở: Giao thông vận tải; Công Thương", ["Sở Giao thông vận tải", "Sở Công Thương"]),
    ("UBND quận Đồ Sơn, UBND huyện Cát Hải",
     ["Ủy ban nhân dân quận Đồ Sơn", "Ủy ban nhân dân huyện Cát Hải"]),
    ("các Sở, ban, ngành liên quan", ["các Sở, ban, ngành liên quan"]),
    ("Ủy ban nhân dân các quận, huyện", ["Ủy ban nhân dân các quận, huyện"]),
    ("các doanh nghiệp", ["các doanh nghiệp"]),
    ("Sở Tài nguyên và Môi trường, các Sở, ngành, đơn vị liên quan của thành phố và các cơ quan "
     "của Trung ương",
     ["Sở Tài nguyên và Môi trường", "các Sở, ngành, đơn vị liên quan của thành phố",
      "các cơ quan của Trung ương"]),
    # §6 Agencies
    ("các sở, ban, ngành, tổ chức đoàn thể thành phố, doanh nghiệp",
     ["các sở, ban, ngành, tổ chức đoàn thể thành phố, doanh nghiệp"]),
    ("các cấp, các ngành liên quan", ["các cấp", "các ngành liên quan"]),
    ("Bộ Chỉ huy Bộ đội biên phòng, Bộ Chỉ huy Quân sự và Công an thành phố",
     ["Bộ Chỉ huy Bộ đội biên phòng", "Bộ Chỉ huy Quân sự", "Công an thành phố"]),
    ("Thủ trưởng các Sở, ngành", ["các Sở, ngành"]),
    ("Ban Quản lý Khu kinh tế (gọi tắt là Ban Quản lý)", ["Ban Quản lý Khu kinh tế"]),
]


@pytest.mark.parametrize("cell, expected", GUIDE_EXAMPLES)
def test_split_agencies_follows_the_guide(cell, expected):
    assert keys(split_agencies(cell)) == keys(expected)


SEED_CELLS = [  # (seed, cell as printed, gold list)
    ("000", "Sở Du lịch, Ban quản lý di sản thiên nhiên quần đảo Cát Bà",
     ["Sở Du lịch", "Ban quản lý di sản thiên nhiên quần đảo Cát Bà"]),
    ("000", "Các Sở, ngành, địa phương, đơn vị, các Đại sứ quán nước ngoài tại Việt Nam có liên quan",
     ["Các Sở, ngành, địa phương, đơn vị", "các Đại sứ quán nước ngoài tại Việt Nam có liên quan"]),
    ("000", "Sở Tài nguyên và Môi trường, Sở Nông nghiệp và Phát triển nông thôn, Sở Lao động - "
            "Thương binh và Xã hội, các Sở, ngành, đơn vị liên quan",
     ["Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn",
      "Sở Lao động - Thương binh và Xã hội", "các Sở, ngành, đơn vị liên quan"]),
    ("002", "Các Sở, ban, ngành, Ủy ban nhân dân quận, huyện",
     ["Các Sở, ban, ngành", "Ủy ban nhân dân quận, huyện"]),
    ("002", "Sở Lao động, Thương binh và Xã hội; Sở Công Thương; Sở Giáo dục và Đào tạo",
     ["Sở Lao động, Thương binh và Xã hội", "Sở Công Thương", "Sở Giáo dục và Đào tạo"]),
    ("002", "Sở Tài chính, Sở Xây dựng, Sở Giao thông vận tải, Ban quản lý khu kinh tế Hải Phòng và "
            "các sở, ban, ngành liên quan",
     ["Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải", "Ban quản lý khu kinh tế Hải Phòng",
      "các sở, ban, ngành liên quan"]),
    ("002", "UBND quận Đồ Sơn, UBND huyện Cát Hải và các sở, ban, ngành liên quan",
     ["Ủy ban nhân dân quận Đồ Sơn", "Ủy ban nhân dân huyện Cát Hải", "các sở, ban, ngành liên quan"]),
    ("002", "Các sở, ban, ngành liên quan; Trường Đại học Y Dược Hải Phòng; Viện Y học biển Việt Nam",
     ["Các sở, ban, ngành liên quan", "Trường Đại học Y Dược Hải Phòng", "Viện Y học biển Việt Nam"]),
    ("002", "Bộ Chỉ huy Quân sự thành phố và các sở, ban, ngành liên quan",
     ["Bộ Chỉ huy Quân sự thành phố", "các sở, ban, ngành liên quan"]),
    ("003", "Các Sở: Lao động - Thương binh và Xã hội, Văn hóa và Thể thao, Giáo dục và Đào tạo, Tư "
            "pháp, Thông tin và Truyền thông; Tòa án nhân dân thành phố; Viện kiểm sát nhân dân thành "
            "phố; Hội Liên hiệp phụ nữ thành phố; Đài PTTH Hải Phòng; UBND các quận, huyện; Các tổ "
            "chức chính trị - xã hội.",
     ["Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao", "Sở Giáo dục và Đào tạo",
      "Sở Tư pháp", "Sở Thông tin và Truyền thông", "Tòa án nhân dân thành phố",
      "Viện kiểm sát nhân dân thành phố", "Hội Liên hiệp phụ nữ thành phố",
      "Đài Phát thanh và Truyền hình Hải Phòng", "Ủy ban nhân dân các quận, huyện",
      "Các tổ chức chính trị - xã hội"]),
    ("003", "Trung tâm tiết kiệm năng lượng và sản xuất sạch hơn; Các hộ gia đình, doanh nghiệp",
     ["Trung tâm tiết kiệm năng lượng và sản xuất sạch hơn", "Các hộ gia đình, doanh nghiệp"]),
    ("003", "Ban An toàn giao thông thành phố; Sở Tài chính, Báo đài, truyền hình Hải Phòng; Các đơn "
            "vị có liên quan.",
     ["Ban An toàn giao thông thành phố", "Sở Tài chính", "Báo đài, truyền hình Hải Phòng",
      "Các đơn vị có liên quan"]),
    ("003", "Các Sở, ngành: Kế hoạch và Đầu tư; Tài chính; Các đơn vị liên quan.",
     ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Các đơn vị liên quan"]),
    ("003", "Các Sở: Kế hoạch-Đầu tư; Tài chính; Các cơ sở giáo dục nghề nghiệp; Doanh nghiệp.",
     ["Sở Kế hoạch-Đầu tư", "Sở Tài chính", "Các cơ sở giáo dục nghề nghiệp", "Doanh nghiệp"]),
    ("003", "Các Sở, Ban, Ngành; UBND các quận, huyện, xã, phường, thị trấn.",
     ["Các Sở, Ban, Ngành", "Ủy ban nhân dân các quận, huyện, xã, phường, thị trấn"]),
    ("003", "Các Sở: Tài nguyên và Môi trường, Ngoại vụ: Liên hiệp hội khoa học kỹ thuật Hải Phòng; "
            "Các tổ chức chính trị - xã hội, tổ chức xã hội - nghề nghiệp, UBND các quận, huyện.",
     ["Sở Tài nguyên và Môi trường", "Sở Ngoại vụ", "Liên hiệp hội khoa học kỹ thuật Hải Phòng",
      "Các tổ chức chính trị - xã hội, tổ chức xã hội - nghề nghiệp",
      "Ủy ban nhân dân các quận, huyện"]),
    ("003", "Các Sở, Ban, Ngành; UBND các quận, huyện; Ngân hàng Chính sách xã hội TP; Các tổ chức "
            "chính trị - xã hội, tổ chức xã hội nghề nghiệp.",
     ["Các Sở, Ban, Ngành", "Ủy ban nhân dân các quận, huyện",
      "Ngân hàng Chính sách xã hội thành phố",
      "Các tổ chức chính trị - xã hội, tổ chức xã hội nghề nghiệp"]),
    ("003", "Các Sở: Lao động - Thương binh và Xã hội, Tài nguyên và Môi trường, Nông nghiệp và Phát "
            "triển nông thông; UBND các quận, huyện; Hội Liên hiệp phụ nữ TP; Phòng Thương mại và "
            "Công nghiệp Việt Nam chi nhánh Hải Phòng; các tổ chức chính trị - xã hội, tổ chức xã "
            "hội - nghề nghiệp.",
     ["Sở Lao động - Thương binh và Xã hội", "Sở Tài nguyên và Môi trường",
      "Sở Nông nghiệp và Phát triển nông thông", "Ủy ban nhân dân các quận, huyện",
      "Hội Liên hiệp phụ nữ thành phố",
      "Phòng Thương mại và Công nghiệp Việt Nam chi nhánh Hải Phòng",
      "các tổ chức chính trị - xã hội, tổ chức xã hội - nghề nghiệp"]),
    ("003", "Sở Thông tin và Truyền thông; các Sở, Ban ngành liên quan.",
     ["Sở Thông tin và Truyền thông", "các Sở, Ban ngành liên quan"]),
    ("003", "Chi cục Dân số - KHHGĐ; Các đơn vị y tế liên quan.",
     ["Chi cục Dân số - Kế hoạch hóa gia đình", "Các đơn vị y tế liên quan"]),
    ("003", "Sở, Ban, Ngành", ["Sở, Ban, Ngành"]),
]


@pytest.mark.parametrize("seed, cell, expected", SEED_CELLS)
def test_split_agencies_matches_seed_gold(seed, cell, expected):
    assert keys(split_agencies(cell)) == keys(expected)


@pytest.mark.parametrize("cell, expected", [
    # a cell broken over lines: a new line that opens an agency is a new item, else the name goes on
    ("Sở Tài chính\nSở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("Sở Lao động - Thương binh\nvà Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
    ("- Sở Y tế;\n- Sở Tài chính (chủ trì)", ["Sở Y tế", "Sở Tài chính"]),
    # a shared head before an admin unit is distributed
    ("UBND quận Đồ Sơn, huyện Cát Hải",
     ["Ủy ban nhân dân quận Đồ Sơn", "Ủy ban nhân dân huyện Cát Hải"]),
    # other issuers and the 2025 names
    ("Các Bộ: Tư pháp; Nội vụ", ["Bộ Tư pháp", "Bộ Nội vụ"]),
    ("Các Sở: Tài nguyên & Môi trường, Kế hoạch & Đầu tư",
     ["Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư"]),
    ("Các Sở: Tài chính và Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("Sở NN&MT, UBND các xã, phường, đặc khu",
     ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã, phường, đặc khu"]),
    ("Giám đốc Sở Y tế, Chủ tịch UBND các huyện",
     ["Sở Y tế", "Ủy ban nhân dân các huyện"]),
    ("Công an tỉnh; Sở Tài chính; Sở Văn hóa, Thể thao và Du lịch",
     ["Công an tỉnh", "Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Hội Khuyến học TP (để phối hợp);", ["Hội Khuyến học thành phố"]),
    ("", []),
    # bulk_192068354fd1ffe5: a new head after a name starts a new item (ANNOTATION §4, a list
    # splits where a new named head starts); bare heads listed together stay one group
    ("Doanh nghiệp, Sở, ban, ngành có liên quan", ["Doanh nghiệp", "Sở, ban, ngành có liên quan"]),
    ("Viện, Trường; Doanh nghiệp", ["Viện, Trường", "Doanh nghiệp"]),
    ("Sở Tài chính, Sở, ban, ngành có liên quan", ["Sở Tài chính", "Sở, ban, ngành có liên quan"]),
    ("phòng Quản lý Thông tin, Báo chí, Xuất bản", ["phòng Quản lý Thông tin, Báo chí, Xuất bản"]),
    # bulk_448306af3d3a91f7: `/` between two names of the department, which differ by province;
    # an abbreviation's slash stays inside it
    ("Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương"]),
    ("Sở NN/PTNT", ["Sở Nông nghiệp và Phát triển nông thôn"]),
    # the 2025 merged provincial media body (bulk_a83fffe08d7aeed7, bulk_6a406c1f9dfed9c3)
    ("Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ",
     ["Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình Cần Thơ"]),
])
def test_split_agencies_written_cases(cell, expected):
    assert keys(split_agencies(cell)) == keys(expected)


def test_split_agencies_keeps_the_printed_name():
    """No renaming to the gazetteer's form: only abbreviations are expanded."""
    assert split_agencies("Sở Kế hoạch - Đầu tư; Sở Công thương") == ["Sở Kế hoạch - Đầu tư",
                                                                     "Sở Công thương"]


SENTENCES = [  # (text, where the list starts, expected names, the text the run covers)
    ("Sở Kế hoạch và Đầu tư, Sở Tài chính cân đối, bố trí nguồn kinh phí thực hiện Kế hoạch.",
     "Sở", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], "Sở Kế hoạch và Đầu tư, Sở Tài chính"),
    ("Sở Ngoại vụ phối hợp với Bộ Chỉ huy Bộ đội biên phòng thành phố thực hiện tốt công tác "
     "đối ngoại.", "Sở", ["Sở Ngoại vụ"], "Sở Ngoại vụ"),
    ("Sở Ngoại vụ phối hợp với Bộ Chỉ huy Bộ đội biên phòng thành phố thực hiện tốt công tác "
     "đối ngoại.", "Bộ Chỉ huy", ["Bộ Chỉ huy Bộ đội biên phòng thành phố"],
     "Bộ Chỉ huy Bộ đội biên phòng thành phố"),
    ("Ủy ban nhân dân các quận, huyện tổ chức triển khai thực hiện.", "Ủy ban",
     ["Ủy ban nhân dân các quận, huyện"], "Ủy ban nhân dân các quận, huyện"),
    ("5. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan liên quan thực "
     "hiện tốt …", "Sở", ["Sở Nông nghiệp và Phát triển nông thôn"],
     "Sở Nông nghiệp và Phát triển nông thôn"),
    ("5. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các cơ quan liên quan thực "
     "hiện tốt …", "các cơ quan", ["các cơ quan liên quan"], "các cơ quan liên quan"),
    # bulk: Hà Nội, Lạng Sơn, Hà Tĩnh, Quảng Trị
    ("3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội phối hợp tuyên truyền, tham "
     "gia giám sát thực hiện Nghị quyết.", "Ủy ban",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"],
     "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"),
    ("c) Chủ trì, phối hợp với Văn phòng UBND tỉnh và các cơ quan liên quan xây dựng, hoàn thiện "
     "quy trình nội bộ", "Văn phòng", ["Văn phòng Ủy ban nhân dân tỉnh", "các cơ quan liên quan"],
     "Văn phòng UBND tỉnh và các cơ quan liên quan"),
    ("Bước 1: Ủy ban nhân dân các xã, phường, đặc khu (sau đây viết tắt là Ủy ban nhân dân cấp "
     "xã) tổ chức rà soát thống kê số liệu", "Ủy ban",
     ["Ủy ban nhân dân các xã, phường, đặc khu"], None),
    ("1. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Biển đảo và Thủy sản thực hiện các nội "
     "dung sau:", "Chi cục", ["Chi cục Biển đảo và Thủy sản"], "Chi cục Biển đảo và Thủy sản"),
    ("2. Giao Văn phòng Ủy ban nhân dân tỉnh; Sở Dân tộc và Tôn giáo thực hiện công khai thủ tục "
     "hành chính nội bộ", "Văn phòng", ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Dân tộc và Tôn giáo"],
     "Văn phòng Ủy ban nhân dân tỉnh; Sở Dân tộc và Tôn giáo"),
    ("Cục Thuế thông báo để các Thuế tỉnh, thành phố biết và thực hiện./.", "các Thuế",
     ["các Thuế tỉnh, thành phố"], "các Thuế tỉnh, thành phố"),
    # a heading run into its paragraph: no place is named `Phối hợp` (bulk_a83fffe08d7aeed7,
    # seed 004 item 13)
    ("7. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Phối hợp với các ngành, các cấp tăng "
     "cường các hoạt động tuyên truyền", "Ủy ban", ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"],
     "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
    ("13. Cục Thuế thành phố Chủ trì đề xuất thực hiện chế độ ưu đãi thuế", "Cục",
     ["Cục Thuế thành phố"], "Cục Thuế thành phố"),
    # …but a place may start with a word that is also a duty word (`Cần` Thơ)
    ("Ủy ban nhân dân thành phố Cần Thơ ban hành Quyết định quy định", "Ủy ban",
     ["Ủy ban nhân dân thành phố Cần Thơ"], "Ủy ban nhân dân thành phố Cần Thơ"),
    ("Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh Truyền hình Lai Châu; các sở, ngành có "
     "liên quan chủ trì", "Sở", ["Sở Văn hóa, Thể thao và Du lịch",
                                 "Báo và Phát thanh Truyền hình Lai Châu", "các sở, ngành có liên quan"],
     None),
    # bulk_15e6fb3d3f3b2644: places listed after a plural place word share the head
    ("Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai:", "Ủy ban",
     ["Ủy ban nhân dân tỉnh Khánh Hòa", "Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Gia Lai"],
     "Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai"),
    # regression: an abbreviation ate the full stop ending the sentence after it
    ("Giao Sở Tài chính, UBND. Sở Y tế chủ trì thực hiện.", "Sở Tài chính",
     ["Sở Tài chính", "Ủy ban nhân dân"], "Sở Tài chính, UBND"),
    # regression: a duty word the clause reader knows but the name reader did not (`xem xét`)
    ("Ban Quản lý dự án xem xét, giải quyết kiến nghị của nhà đầu tư.", "Ban",
     ["Ban Quản lý dự án"], "Ban Quản lý dự án"),
    # written: a distributed head in running text
    ("Giao các Sở: Tư pháp, Nội vụ theo dõi việc thực hiện.", "các Sở",
     ["Sở Tư pháp", "Sở Nội vụ"], "các Sở: Tư pháp, Nội vụ"),  # the run opens at its shared head
]


@pytest.mark.parametrize("text, start_at, expected, covered", SENTENCES)
def test_read_agencies_stops_where_the_predicate_starts(text, start_at, expected, covered):
    run = read_agencies(text, text.index(start_at))
    assert run is not None
    assert keys(run.names) == keys(expected)
    if covered is not None:
        assert text[run.start:run.end] == covered


@pytest.mark.parametrize("text", [
    "Ban hành kèm theo Quyết định này Danh mục 55 thủ tục hành chính",
    "+ Báo cáo kết quả thực hiện Chương trình, kết quả xử lý các vướng mắc",
    "Tăng cường công tác quản lý nhà nước",
    "các dự án đầu tư công",
])
def test_read_agencies_returns_none_where_no_agency_starts(text):
    start = text.index(next(w for w in text.split() if w[0].isalpha()))
    assert read_agencies(text, start) is None


def test_read_agencies_spans_point_at_the_printed_names():
    text = "Giao Sở Y tế, UBND các huyện và các đơn vị liên quan tổ chức thực hiện."
    run = read_agencies(text, 5)
    assert [text[s:e] for s, e in run.spans] == ["Sở Y tế", "UBND các huyện", "các đơn vị liên quan"]
    assert run.names[1] == "Ủy ban nhân dân các huyện"


def test_find_agencies_reads_every_run_of_a_paragraph():
    text = ("Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính và Ủy ban nhân dân các huyện tổ chức "
            "thực hiện; báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12.")
    assert [run.names for run in find_agencies(text)] == [
        ["Sở Y tế"], ["Sở Tài chính", "Ủy ban nhân dân các huyện"], ["Ủy ban nhân dân tỉnh"]]


@pytest.mark.parametrize("phrase, expected", [
    ("Sở Tài chính", True),
    ("Các Sở, ban, ngành; UBND các quận, huyện.", True),
    ("Sở Kế hoạch và Đầu tư; Sở Công Thương, Sở Ngoại vụ và các sở, ngành liên quan", True),
    ("UBND cấp xã, các tổ chức hành nghề công chứng", True),  # bulk 741f24db
    ("Báo cáo Thủ tướng Chính phủ", False),  # a product cell of seed 002
    ("Quyết định của Thủ tướng Chính phủ", False),
    ("Quý IV/2021", False),
    ("Thường xuyên", False),
    ("Sở Y tế chủ trì tổ chức", False),
    ("", False),
    # regression: a person's role before the body (the guide's own example) read as no agency
    ("Thủ trưởng các Sở, ngành", True),
    ("Giám đốc Sở Y tế", True),
])
def test_is_agency(phrase, expected):
    assert is_agency(phrase) is expected


def test_nlp_switch_is_read_at_call_time(monkeypatch):
    """The ablation: the same call with and without the underthesea part."""
    from extractors.agencies import nlp_enabled

    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "0")
    assert not nlp_enabled()
    monkeypatch.setenv("CONGBAO_AGENCY_NLP", "1")
    assert nlp_enabled()
    monkeypatch.delenv("CONGBAO_AGENCY_NLP")
    assert nlp_enabled()
