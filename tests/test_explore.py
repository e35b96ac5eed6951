"""Exploration views: keyword in context, escaped entity highlighting, speaker quotations, heatmap-cell evidence."""

from __future__ import annotations

import pytest
from newsbias import explore, ingestion, sentiment
from newsbias.errors import NewsbiasError
from newsbias.quotes import evaluation


@pytest.fixture(scope="module")
def data(spacy_model):
    import pandas as pd

    texts = {
        "a1": "Mayor Lena Vogt opened the <script>alert('x')</script> bridge. “Lena Vogt is a disgrace,” said critic Tom Hale.",
        "b1": "The brave Lena Vogt saved the city. Tom Hale said the plan was good.",
    }
    blocks = ingestion.paragraphs_as_blocks(texts)
    sentences = ingestion.split_sentences(blocks, spacy_model, progress=False)
    found, mentions = evaluation.quotes_for_texts(texts, spacy_model)
    scored = sentiment.score_targets(sentiment.mention_targets(mentions, sentences), ["vader"], spacy_model, progress=False)
    articles = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["Alpha <i>News</i>", "Beta"]})
    frame = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    return explore.Tables(articles, frame, sentences, mentions, found, scored, method="vader")


def test_keyword_in_context_lists_every_mention_with_tone_and_voice(data):
    table = explore.keyword_in_context(data, "Lena Vogt")
    assert len(table) == 3 and set(table["outlet"]) == {"Alpha <i>News</i>", "Beta"}
    quoted = table[table["in_quote"]]
    assert list(quoted["voice"]) == ["person:tom-hale"] and quoted["tone"].notna().all()
    assert table.loc[0, "right"].startswith("opened the")


def test_entity_highlighting_escapes_article_text_and_names(data):
    page = explore.entity_html(data, "a1")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<i>News</i>" not in page and "Alpha &lt;i&gt;News&lt;/i&gt;" in page
    assert "person: Lena Vogt" in page and "(quoted)" in page


def test_speaker_quotes_and_cell_evidence(data):
    said = explore.speaker_quotes(data, "Tom Hale")
    assert set(said["kind"]) >= {"direct"} and set(said["outlet"]) == {"Alpha <i>News</i>", "Beta"}
    cell = explore.cell_evidence(data, "Lena Vogt", "Alpha <i>News</i>")
    assert list(cell["score"]) == sorted(cell["score"]) and len(cell) == 2
    assert len(explore.cell_evidence(data, "Lena Vogt", "Alpha <i>News</i>", "author")) == 1


def test_unknown_choices_are_clear_errors(data):
    with pytest.raises(NewsbiasError, match="no actor named 'Nobody'"):
        explore.keyword_in_context(data, "Nobody")
    with pytest.raises(NewsbiasError, match="no article 'zz'"):
        explore.entity_html(data, "zz")
    with pytest.raises(NewsbiasError, match="voice_scope must be"):
        explore.cell_evidence(data, "Lena Vogt", "Beta", "everyone")
    with pytest.raises(NewsbiasError, match="method 'bert' has no scores"):
        explore.Tables(data.articles, data.texts, data.sentences, data.mentions, data.quotes, data.scored, "bert")


def test_browsers_offer_the_documented_controls(data):
    browser = explore.actor_browser(data)
    dropdown = browser.children[0].children[0]
    assert dropdown.description == "Actor" and dropdown.options[0] == explore.actors(data)[0]
    cell = explore.cell_browser(data)
    assert [c.description for c in cell.children[0].children] == ["Cell actor", "Outlet", "Voice"]
