from hypothesis import given, settings
from hypothesis import strategies as st
from newsbias.ingestion.normalise import normalise_text, restore_original

ODD = "\u00a0\u202f\u2009\u3000\u200b\ufeff\u00ad\r\n\r\u2028\x0c\u0301e\u0308 aé\"“”’\n"


def test_odd_spaces_become_plain_spaces_and_are_recorded():
    text, edits = normalise_text("Guterres\u00a0called\u202fon")
    assert text == "Guterres called on"
    assert [(e.start, e.original, e.replacement) for e in edits] == [(8, "\u00a0", " "), (15, "\u202f", " ")]


def test_invisible_characters_are_removed():
    text, _ = normalise_text("co\u00adoperate\u200b now \u200c\u200d")
    assert text == "cooperate now "


def test_line_endings_and_decomposed_accents():
    text, edits = normalise_text("prote\u0301ge\u0301\r\nnext\rline")
    assert text == "protégé\nnext\nline"
    assert {e.reason for e in edits} == {"combining sequence composed (NFC)", "line break normalised to \\n"}


def test_quotes_and_apostrophes_are_kept():
    raw = "“full engagement” Borrell’s 'quote' \"q\""
    assert normalise_text(raw) == (raw, [])


def test_edit_offsets_point_into_the_normalised_text():
    text, edits = normalise_text("a\u00a0\u200bb\r\nc")
    for edit in edits:
        assert text[edit.start : edit.end] == edit.replacement


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ODD) | st.characters(), max_size=200))
def test_original_is_always_recoverable(raw):
    text, edits = normalise_text(raw)
    assert restore_original(text, edits) == raw


def test_every_invisible_format_character_is_removed_reversibly():
    import unicodedata

    invisible = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
    raw = "Stephen Mil\u200dler met Ann\u200c Lee." + invisible
    text, edits = normalise_text(raw)
    assert text == "Stephen Miller met Ann Lee."  # one name, not two
    assert restore_original(text, edits) == raw


def test_a_hover_card_of_related_headlines_after_a_name_is_removed_and_restorable():
    raw = ("Sen. Jane Roe Jane Q.\u00a0RoeBudget talks stall again Senate passes farm bill MORE (D-Ore.) said on Monday.\n"
           "Rep. Ann Lee Annabel LeeMORE’s win kept the seat. Stock up on MORE coffee, Lee said.")
    text, edits = normalise_text(raw)
    assert text == "Sen. Jane Roe (D-Ore.) said on Monday.\nRep. Ann Lee’s win kept the seat. Stock up on MORE coffee, Lee said."
    assert [e.reason for e in edits] == ["hover card of related headlines after a name removed"] * 2
    assert restore_original(text, edits) == raw
    # the name again after a space, starting with the first name; and run into the name just written
    raw = ("Speaker Ann Lee Ann Marie Lee Budget talks stall again Farm bill passes MORE (R-Ore.) spoke. "
           "Rep. Bob DoeRobert Doe2020 hopefuls gather MORE said so.")
    text, edits = normalise_text(raw)
    assert text == "Speaker Ann Lee (R-Ore.) spoke. Rep. Bob Doe said so."
    assert restore_original(text, edits) == raw
