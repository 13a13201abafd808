"""ZIP uploads are judged by their declarations and read in bounded chunks, never inflated whole."""

import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError

from estatedesk.core.archives import UnsafeArchive, ZipLimits, check_workbook, open_zip
from estatedesk.core.testing.archives import MIB, build_zip, member, odt_bomb, zeros

# What inspecting any archive below may allocate at its peak: a few chunks, never the content.
MEMORY_BOUND = 8 * MIB


def peak_memory(check) -> int:
    """The highest traced allocation while `check` runs (raising or not)."""
    tracemalloc.start()
    try:
        check()
    except ValidationError:
        pass
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def message(refused: pytest.ExceptionInfo[ValidationError]) -> str:
    """The one message, with filesizeformat's no-break spaces as plain ones."""
    (text,) = refused.value.messages
    return text.replace("\xa0", " ")


def workbook(**sheets: bytes) -> bytes:
    return build_zip(
        member("[Content_Types].xml", b"<Types/>"),
        *(member(f"xl/worksheets/{name}.xml", content) for name, content in sheets.items()),
    )


def test_a_gibibyte_member_is_refused_by_its_declared_size_without_inflating_it():
    bomb = io.BytesIO(odt_bomb(1024))

    def open_it():
        with open_zip(bomb, name="offer.odt") as archive:
            archive.read("mimetype", max_bytes=256)

    with pytest.raises(UnsafeArchive) as refused:
        open_it()
    assert message(refused) == "“offer.odt” holds a file of 1.0 GB; at most 100.0 MB is accepted."
    assert peak_memory(open_it) < MEMORY_BOUND


def test_a_member_inflating_past_what_it_declares_is_cut_off_at_the_cap():
    # Declares 50 MiB (under every limit, 50 times its compressed size), inflates to 1 GiB.
    liar = io.BytesIO(build_zip(zeros("data.xml", 1024, declared=50 * MIB)))

    def read_it():
        with open_zip(liar, name="liar.docx") as archive:
            for _chunk in archive.chunks("data.xml", max_bytes=1 * MIB):
                pass

    with pytest.raises(UnsafeArchive) as refused:
        read_it()
    assert refused.value.code == "member_too_large"
    assert "liar.docx" in refused.value.messages[0]
    assert peak_memory(read_it) < MEMORY_BOUND


def test_too_many_members_are_refused_before_the_directory_is_parsed():
    crowded = io.BytesIO(build_zip(*(member(f"f{i}.xml", b"x") for i in range(50))))

    with (
        pytest.raises(UnsafeArchive, match="holds more than 20 files"),
        open_zip(crowded, name="crowded.xlsx", limits=ZipLimits(max_members=20)),
    ):
        pass


def test_a_declared_total_past_the_limit_is_refused():
    archive = io.BytesIO(build_zip(zeros("a.xml", 3), zeros("b.xml", 3)))
    limits = ZipLimits(max_total_bytes=5 * MIB, max_ratio=10_000)

    with pytest.raises(UnsafeArchive) as refused, open_zip(archive, name="big.xlsx", limits=limits):
        pass
    assert message(refused) == "“big.xlsx” would unpack to 6.0 MB; at most 5.0 MB is accepted."


def test_an_absurd_compression_ratio_is_refused():
    archive = io.BytesIO(build_zip(zeros("sheet.xml", 50)))  # 50 MiB in ~50 KiB: 1000 times

    with (
        pytest.raises(UnsafeArchive, match="compressed more than 200 times over"),
        open_zip(archive, name="sheet.xlsx"),
    ):
        pass


def test_bzip2_members_are_refused_as_zipfile_cannot_bound_them():
    archive = io.BytesIO(build_zip(member("a.xml", b"<a/>", method=12)))

    with (
        pytest.raises(UnsafeArchive, match="compression method"),
        open_zip(archive, name="odd.docx"),
    ):
        pass


def test_an_ordinary_archive_opens_and_reads():
    archive = io.BytesIO(workbook(sheet1=b"<sheetData/>"))

    with open_zip(archive, name="book.xlsx") as opened:
        assert opened.names() == {"[Content_Types].xml", "xl/worksheets/sheet1.xml"}
        assert opened.read("xl/worksheets/sheet1.xml", max_bytes=100) == b"<sheetData/>"
    assert archive.tell() == 0


def test_a_workbook_within_the_limits_is_safe_for_openpyxl():
    check_workbook(io.BytesIO(workbook(sheet1=b"<row/>" * 10_000)), name="book.xlsx")


def test_a_workbook_whose_sheet_lies_about_its_size_is_refused_in_bounded_memory():
    # The sheet declares 3 MiB, within the limits, and truly inflates to a gibibyte: reading
    # stops at the declared size and the checksum gives the lie away.
    liar = io.BytesIO(
        build_zip(
            member("[Content_Types].xml", b"<Types/>"),
            zeros("xl/worksheets/sheet1.xml", 1024, declared=3 * MIB),
        )
    )
    limits = ZipLimits(max_member_bytes=4 * MIB, max_total_bytes=8 * MIB, max_ratio=1000)

    with pytest.raises(ValidationError, match=r"“import\.xlsx” is damaged"):
        check_workbook(liar, name="import.xlsx", limits=limits)
    assert peak_memory(lambda: check_workbook(liar, name="import.xlsx", limits=limits)) < (
        MEMORY_BOUND
    )


def test_what_is_not_a_workbook_says_so():
    for content in (b"not a zip at all", build_zip(member("word/document.xml", b"<w/>"))):
        with pytest.raises(ValidationError, match="is damaged or not an Excel workbook"):
            check_workbook(io.BytesIO(content), name="notes.xlsx")
