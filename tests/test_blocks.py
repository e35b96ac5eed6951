"""Each block rule, on small articles written for the purpose."""

from hypothesis import given, settings
from hypothesis import strategies as st
from newsbias.ingestion.blocks import segment

PARA = "The minister said on Monday that the talks would continue next week in Geneva."
PARA2 = "Officials from both sides described the meeting as constructive and long overdue."
STORY = [f"Paragraph {n} of the story reports what happened on day {n} of the talks." for n in range(8)]


def kinds(text, title=""):
    return [(b.kind, b.text) for b in segment(text, title)]


def test_headline_matching_the_manifest_title_and_its_subtitle():
    text = f"Talks Resume in Geneva, Officials Say\n\nBoth sides call the meeting a first step\n\n{PARA}\n\n{PARA2}"
    result = kinds(text, "Talks resume in Geneva, officials say")
    assert [k for k, _ in result] == ["title", "subtitle", "body", "body"]


def test_headline_by_shape_when_the_manifest_has_no_title():
    result = kinds(f"Storm Batters Coast\n{PARA}\n{PARA2}")
    assert result[0] == ("title", "Storm Batters Coast")


def test_a_lede_sentence_is_not_a_title():
    result = kinds(f"{PARA}\n{PARA2}\n{PARA}x", "A different headline entirely")
    assert [k for k, _ in result] == ["body", "body", "body"]


def test_share_buttons_even_when_rendered_twice_on_one_line():
    for line in ["Send in e-mailSend in e-mail", "Share on Facebook", "Tweet", "Share this article via WhatsApp", "Print"]:
        result = kinds(f"{PARA}\n{line}\n{PARA2}")
        assert result[1] == ("boilerplate", line), line


def test_calls_to_follow_subscribe_or_click():
    for line in ["Follow The Daily Planet on Facebook and Twitter", "Click the alert icon to follow topics:",
                 "Subscribe to our newsletter", "Download our app for breaking news alerts"]:
        result = kinds(f"{PARA}\n{line}\n{PARA2}")
        assert result[1][0] == "boilerplate", line


def test_an_ordinary_sentence_starting_with_follow_is_body():
    result = kinds(f"{PARA}\nFollow the money, the prosecutor told the jury on Tuesday.\n{PARA2}")
    assert result[1][0] == "body"


def test_video_and_audio_players_with_a_running_time():
    for line in ["LATEST VIDEO Minister arrives in Geneva Play Next ... WATCH AGAIN Minister arrives in Geneva 03:12",
                 "World Talks in Geneva: what to expect Talks in Geneva: what to expect Listen · 4:05 4:05"]:
        result = kinds(f"{PARA}\n{line}\n{PARA2}")
        assert result[1][0] == "boilerplate" and "running time" in segment(f"{PARA}\n{line}\n{PARA2}")[1].reason, line


def test_a_sentence_with_a_time_of_day_is_body():
    line = "Officials from both parties said on Monday that they would watch the vote closely, due to start at 10:30"
    assert kinds(f"{PARA}\n{line}\n{PARA2}")[1] == ("body", line)


def test_newsletter_sign_up_forms():
    for line in ["Evening Digest The day's news in five minutes, in your inbox. Email Sign Up By signing up you agree to "
                 "receive messages from The Daily Planet. You can unsubscribe at any time.",
                 "Newsletter Sign-up", "Get the Planet's briefing in your inbox each morning",
                 "Subscribe now for as little as $1 a week!",
                 "Morning Brief Sign up to receive the stories you need. Please verify you're not a robot."]:
        result = kinds(f"{PARA}\n{line}\n{PARA2}")
        assert result[1] == ("boilerplate", line), line


def test_a_story_about_signing_up_is_body():
    for line in ["The agency extended the sign-up deadline for health plans by two weeks, officials said.",
                 "Critics said the company changed its privacy policy without telling users."]:
        assert kinds(f"{PARA}\n{line}\n{PARA2}")[1] == ("body", line), line


def test_advertisement_slots_and_offers_to_follow_a_topic():
    for line in ["Advertisement Continue reading the main story", "ADVERTISEMENT Thanks for watching!",
                 "Read or Share this story: https://example.com/s/123",
                 "Like Geneva? Follow Geneva to stay up to date on the latest Geneva news from The Daily Planet."]:
        result = kinds(f"{PARA}\n{line}\n{PARA2}")
        assert result[1] == ("boilerplate", line), line


def test_share_buttons_run_into_a_caption_are_cut_off():
    caption = "Delegates arrive at the conference centre in Geneva on Monday. "
    blocks = segment(f"{PARA}\nFacebook Twitter Pinterest {caption}\nPhotograph: Jane Doe/Agency\n{PARA2}")
    assert (blocks[1].kind, blocks[1].text, blocks[1].reason) == ("boilerplate", "Facebook Twitter Pinterest ", "share or e-mail buttons")
    assert blocks[2].text == caption and blocks[2].kind != "boilerplate"
    assert blocks[1].end == blocks[2].start


def test_name_slash_agency_credits_after_a_caption():
    cases = [("Delegates arrive in Geneva on Monday. ", "Jane Doe/AP"),
             ("The minister speaks to reporters. ", "(John Q. Roe/Agency Images)"),
             ("Protesters outside the embassy ", "[File: Ann Lee/Pool via Reuters]")]
    for caption, credit in cases:
        blocks = segment(f"{PARA}\n{caption}{credit}\n{PARA2}")
        assert [(b.kind, b.text) for b in blocks[1:3]] == [("caption", caption), ("credit", credit)], credit
    blocks = segment(f"{PARA}\nEnlarge this image toggle caption Jane Doe/AFP/Getty Images Jane Doe/AFP/Getty Images\n{PARA2}")
    assert blocks[1].kind == "credit"


def test_a_sentence_that_ends_in_a_slash_name_is_no_credit():
    line = "She monitored political advertising for Example Media/CMAG."
    assert kinds(f"{PARA}\n{line}\n{PARA2}")[1] == ("body", line)


def test_a_credit_label_inside_a_sentence_is_no_credit():
    for line in ["Still, the mayor should be careful about taking credit: if it goes down, he will be in trouble.",
                 "The senator concluded his video by highlighting his decades of work on the committee."]:
        assert kinds(f"{PARA}\n{line}\n{PARA2}")[1] == ("body", line), line


def test_a_copyright_line_before_a_caption_and_genre_and_gallery_labels():
    blocks = segment(f"{PARA}\nImage copyright Agency Images Image caption The minister in Geneva\n{PARA2}")
    assert [(b.kind, b.text) for b in blocks[1:3]] == [("credit", "Image copyright Agency Images Image caption "),
                                                      ("caption", "The minister in Geneva")]
    for line in ["ANALYSIS/OPINION:", "Slideshow (11 Images)", "OPINION"]:
        assert kinds(f"{PARA}\n{line}\n{PARA2}")[1] == ("boilerplate", line), line


def test_caption_repeated_with_its_credit():
    caption = "The minister speaks to reporters in Geneva, March 3, 2021."
    result = kinds(f"{PARA}\n{caption}\n{caption}Credit: Jane Doe / Reuters\n{PARA2}")
    assert result[1] == ("caption", caption)
    assert result[2] == ("boilerplate", caption)
    assert result[3] == ("credit", "Credit: Jane Doe / Reuters")


def test_caption_glued_to_a_photo_credit_and_a_credit_line_alone():
    result = kinds(f"{PARA}\nProtesters gather outside the embassy. Photo: AP\nPhotograph by John Roe\n{PARA2}")
    assert result[1] == ("caption", "Protesters gather outside the embassy. ")
    assert result[2] == ("credit", "Photo: AP")
    assert result[3] == ("credit", "Photograph by John Roe")


def test_syndication_and_reporting_notes_at_the_ends():
    for note in ["Parts of this article were originally published by Wire News.", "Reuters contributed to this report.",
                 "Additional reporting by Ann Lee.", "© 2021 Example Media. All rights reserved.",
                 "Contributing: Ann Lee reported from Bern"]:
        result = kinds("\n".join(STORY + [note]))
        assert result[-1] == ("boilerplate", note), note
        assert all(kind == "body" for kind, _ in result[:-1])


def test_a_note_like_sentence_in_the_middle_of_the_story_is_body():
    middle = "The interview first appeared in a weekly magazine."
    result = kinds("\n".join(STORY[:4] + [middle] + STORY[4:]))
    assert result[4] == ("body", middle)


def test_subheading_between_paragraphs_but_not_a_quoted_question():
    result = kinds(f"{PARA}\nIs the bloc divided?\n{PARA2}\n\"Why now?\"\n{PARA}")
    assert result[1] == ("subheading", "Is the bloc divided?")
    assert result[3][0] == "body"


def test_hard_wrapped_lines_join_into_one_block():
    wrapped = "The minister said on Monday that the talks\nwould continue next week in Geneva."
    result = kinds(f"{wrapped}\n\n{PARA2}")
    assert result[0] == ("body", wrapped)


def test_a_repeated_paragraph_is_set_aside_with_a_pointer_to_the_first():
    blocks = segment(f"{PARA}\n{PARA2}\n{PARA}")
    assert blocks[2].kind == "boilerplate" and "block 0" in blocks[2].reason


def test_every_block_has_a_reason():
    text = f"Title Here\n\nSub here\n\n{PARA}\nShare\n{PARA2}\n   \nPhoto: X"
    assert all(b.reason for b in segment(text))


LINE = st.sampled_from(["", "   ", PARA, PARA2, "Share", "Credit: AFP", "Is it?", "lower case continuation",
                        "Follow us on Twitter", "A caption here.Credit: AP", "Title Case Line"])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=15))
def test_nothing_is_lost_every_character_in_exactly_one_block(lines):
    text = "\n".join(lines)
    covered = [0] * len(text)
    for block in segment(text):
        assert text[block.start : block.end] == block.text
        for i in range(block.start, block.end):
            covered[i] += 1
    for i, char in enumerate(text):
        # A line break either separates two blocks or sits inside a hard-wrapped one.
        assert covered[i] in ((0, 1) if char == "\n" else (1,))
