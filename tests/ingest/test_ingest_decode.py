"""Byte decoding: UTF-8/16, cp1256 vs ISO-8859-6, binary and empty inputs."""

import codecs

import pytest

from marsad.errors import InputError
from marsad.ingest.decode import decode_bytes, decode_detailed, word_score

# Our own sentence: Arabic letters, ‘ ’ “ ” quotes, « », ، ؛ ؟, ASCII digits, Latin words.
# (cp1256 has no Arabic-Indic digits, so a cp1256 twin can only carry ASCII digits.)
ARABIC = (
    "افتتح المجلس البلدي «حديقة النخيل» يوم 14 مارس 2024، وقال رئيسه: “هذه بداية فقط”؛ "
    "ثم سأل الحضور ‘هل تكفي المساحات الخضراء؟’ وأجاب أحدهم بأن الصيف طويل. "
    "شارك في الافتتاح فريق Green City ومهندسون من الجامعة، وكان الجو ظليلا وعذبا.\n"
    "وفي الختام وُزّعت شتلات على الأطفال ـ وكانت الفرحة كبيرة."
)
# Letters only from the part where ISO-8859-6 and cp1256 differ (ط ظ ع غ ف ق ك ل م ن ه و ي).
ISO_TEXT = "قال الوزير إن الطريق إلى القرية فيه ظلال وغابات، وكان كل شيء هادئا؛ فهل ينجح العمل؟"


def test_utf8_with_and_without_bom():
    assert decode_bytes(ARABIC.encode("utf-8")) == (ARABIC, "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8")) == (ARABIC, "utf-8")


def test_cp1256_twin_equals_utf8_twin():
    cp_text, cp_encoding = decode_bytes(ARABIC.encode("cp1256"))
    utf_text, _ = decode_bytes(ARABIC.encode("utf-8"))
    assert cp_encoding == "cp1256"
    assert cp_text == utf_text == ARABIC


@pytest.mark.parametrize("codec, name", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_with_bom(codec, name):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + ARABIC.encode(codec)) == (ARABIC, name)


def test_iso_8859_6_is_told_apart_from_cp1256():
    text, encoding = decode_bytes(ISO_TEXT.encode("iso8859-6"))
    assert encoding == "iso-8859-6"
    assert text == ISO_TEXT


def test_word_score_separates_real_text_from_mojibake():
    assert word_score(ARABIC) == 1.0
    assert word_score(ARABIC.encode("utf-8").decode("cp1256")) < 0.2
    assert word_score(ISO_TEXT.encode("iso8859-6").decode("cp1256")) < 0.5


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(32), "ELF executable"),
        (b"abc\x00def" * 20, "NUL bytes"),
        (bytes(range(1, 9)) * 40, "control bytes"),
    ],
)
def test_binary_inputs_are_refused_with_their_kind(data, what):
    with pytest.raises(InputError, match=r"^binary file \(.*\), not text$") as err:
        decode_bytes(data)
    assert what in str(err.value)


def test_text_starting_like_a_weak_magic_number_is_still_text():
    assert decode_bytes("MZ هو اختصار لاسم مهندس".encode())[1] == "utf-8"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u00a0 ".encode()])
def test_empty_input(data):
    with pytest.raises(InputError, match="^empty file"):
        decode_bytes(data)


def test_utf8_with_a_stray_byte_is_decoded_and_counted():
    data = (ARABIC * 4).encode() + b"\xff" + (ARABIC * 4).encode()
    decoded = decode_detailed(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 1
    assert decoded.text.count("\ufffd") == 1


def test_utf8_mojibake_with_many_bad_bytes_is_undecodable():
    # Half-cut UTF-8: every other multi-byte character loses its lead byte.
    broken = bytearray(ARABIC.encode())
    del broken[::7]
    with pytest.raises(
        InputError, match=r"^undecodable bytes \(not UTF-8/UTF-16/cp1256/ISO-8859-6\)$"
    ):
        decode_bytes(bytes(broken))


def test_broken_bom_promise_is_reported():
    with pytest.raises(InputError, match="^undecodable bytes: utf-16-le BOM"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")
