"""Real corpora: groups of outlets, many outlets, events, time, self-references and comparisons within events.

Every corpus here is built by the test (mostly :mod:`example_corpus`'s multi-event corpus); nothing reads ../shared.
"""

from __future__ import annotations

import example_corpus
import numpy as np
import pandas as pd
import pytest
from newsbias import events, explore, runner, sentiment, timeline, units
from newsbias.comparison import paired, self_reference, tone_tests, word_choice
from newsbias.errors import NewsbiasError

MENTION_COLUMNS = ["article_id", "actor_id", "actor_name", "actor_type", "block_kind"]


def _articles() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, article_metadata, texts) of the multi-event corpus, as ingestion would give them."""
    rows = example_corpus.multi_event_articles()
    articles = pd.DataFrame([{k: r[k] for k in ("article_id", "outlet", "date", "title", "url")} for r in rows])
    metadata = pd.DataFrame([{k: r[k] for k in ("article_id", "leaning", "event")} for r in rows])
    texts = pd.DataFrame([{"article_id": r["article_id"], "text": r["text"]} for r in rows])
    return articles, metadata, texts


# --- Units: outlets, groups, pooled outlets -----------------------------------------------------------------


def test_groups_replace_outlets_and_keep_them_nested():
    articles, metadata, _ = _articles()
    compared = units.comparison_units(articles, metadata, "leaning")
    assert compared.names == ["left", "right"] and compared.nested and compared.kind == "group"
    assert set(compared.articles["source_outlet"]) == {"Coastal Courier", "Daily Anchor", "Harbour Times"}
    assert "left (2 outlets, 4 articles)" in compared.note and "right (1 outlets, 2 articles)" in compared.note


def test_articles_without_a_group_value_form_a_named_group():
    articles, metadata, _ = _articles()
    metadata.loc[0, "leaning"] = None
    assert "(no leaning)" in units.comparison_units(articles, metadata, "leaning").names


def test_without_groups_outlets_are_compared_and_not_nested():
    articles, metadata, _ = _articles()
    compared = units.comparison_units(articles, metadata)
    assert compared.names == ["Coastal Courier", "Daily Anchor", "Harbour Times"] and not compared.nested


def test_many_outlets_show_the_largest_and_pool_the_rest_saying_which():
    outlets = [f"Outlet {i:02d}" for i in range(20)]
    articles = pd.DataFrame({"article_id": [f"a{i}-{k}" for i in range(20) for k in range(20 - i)],
                             "outlet": [outlets[i] for i in range(20) for _ in range(20 - i)]})
    compared = units.comparison_units(articles, None)
    assert compared.kind == "pooled outlets" and compared.nested
    assert compared.names == sorted(outlets[:units.TOP_OUTLETS] + [units.OTHER])
    assert "Outlet 19" in compared.note and "8 others pooled" in compared.note
    assert (compared.articles["outlet"] == units.OTHER).sum() == sum(20 - i for i in range(12, 20))


def test_an_unknown_group_column_is_a_clear_error():
    articles, metadata, _ = _articles()
    with pytest.raises(NewsbiasError, match="'topic'.*leaning"):
        units.comparison_units(articles, metadata, "topic")


def test_tables_of_other_units_are_refused():
    articles, metadata, _ = _articles()
    compared = units.comparison_units(articles, metadata, "leaning")
    with pytest.raises(NewsbiasError, match="same GROUP_BY"):
        units.check_same(compared, actor_tone=pd.DataFrame({"outlet": ["Daily Anchor"]}))


# --- Events -----------------------------------------------------------------------------------------------


def test_grouping_recovers_two_distinct_stories():
    articles, metadata, texts = _articles()
    found = events.group_events(articles, texts, pd.DataFrame(columns=MENTION_COLUMNS))
    truth = metadata.set_index("article_id")["event"]
    assert events.adjusted_rand(found, truth) == pytest.approx(1.0)
    assert found["grouped_by"].unique().tolist() == ["grouped from the articles"]
    assert set(found["event"]) == {"e1", "e2"} and (found["n_articles"] == 3).all()


def test_articles_far_apart_in_time_are_never_one_event():
    articles, _, texts = _articles()
    strike = articles["article_id"].str.endswith("-1")
    later = articles.assign(date=np.where(strike & (articles["outlet"] == "Daily Anchor"), "2024-09-01", articles["date"]))
    found = events.group_events(later, texts, pd.DataFrame(columns=MENTION_COLUMNS))
    assert found["event"].nunique() == 3


def test_the_override_file_wins_and_says_so(tmp_path):
    articles, _, texts = _articles()
    path = tmp_path / "overrides.csv"
    path.write_text("article_id,event\ndaily-1,e2\n")
    found = events.group_events(articles, texts, pd.DataFrame(columns=MENTION_COLUMNS), overrides=events.read_overrides(path))
    row = found.set_index("article_id").loc["daily-1"]
    assert row["grouped_by"] == "override file" and row["event"] == found.set_index("article_id").at["daily-2", "event"]


def test_a_bad_override_file_is_a_clear_error(tmp_path):
    with pytest.raises(NewsbiasError, match="does not exist"):
        events.read_overrides(tmp_path / "missing.csv")
    (tmp_path / "bad.csv").write_text("id,story\na,b\n")
    with pytest.raises(NewsbiasError, match="needs columns article_id and event"):
        events.read_overrides(tmp_path / "bad.csv")


def test_events_from_a_column_and_unset_events():
    articles, metadata, texts = _articles()
    metadata.loc[0, "event"] = ""
    by_column = events.find_events(articles, metadata, texts, pd.DataFrame(columns=MENTION_COLUMNS), "event")
    assert by_column["grouped_by"].iloc[0] == "column event" and events.several(by_column)
    assert by_column.loc[0, "event"].startswith("(none)")  # a missing value is an event of its own, named so
    unset = events.find_events(articles, metadata, texts, pd.DataFrame(columns=MENTION_COLUMNS), None)
    assert set(unset["event"]) == {"all"} and not events.several(unset)
    assert "adds nothing" in events.describe(unset, articles)
    # the corpus's own event column is pointed to when EVENTS is unset
    assert events.describe(unset, articles).startswith("One event, not grouped (EVENTS unset; the corpus's column 'event' "
                                                        "names 2 events): every comparison pools")
    assert events.describe(unset, articles).endswith("Set EVENTS = 'event' among the notebook's parameters (make run "
                                                      "EVENTS=event) to compare units within those events.")
    assert "column 'event'" not in events.describe(events.find_events(
        articles, metadata.drop(columns="event"), texts, pd.DataFrame(columns=MENTION_COLUMNS), None), articles)
    assert "2 covered by two units or more" in events.describe(
        events.find_events(articles, metadata, texts, pd.DataFrame(columns=MENTION_COLUMNS), "event").assign(
            event=lambda f: f["event"].replace("", "strike")), articles)


# --- Time ---------------------------------------------------------------------------------------------------


def test_the_period_follows_the_span_of_the_dates():
    def span(days):
        return timeline.period_for(pd.Series(pd.to_datetime(["2024-01-01"] * 2) + pd.to_timedelta([0, days], unit="D")))
    assert (span(10), span(100), span(1000), span(3000)) == ("day", "week", "month", "quarter")
    assert timeline.period_for(pd.Series([pd.NaT, pd.NaT])) == "none"


def test_attention_counts_quiet_periods_as_zero_and_leaves_out_undated_articles():
    articles, _, _ = _articles()
    articles.loc[articles["article_id"] == "harbour-2", "date"] = ""
    mentions = pd.DataFrame({"article_id": ["coastal-1", "coastal-1", "daily-1"], "actor_name": ["Rosa Lind"] * 3,
                             "block_kind": ["body"] * 3})
    assert timeline.attention(mentions, articles, ["Rosa Lind"])["period_start"].dt.day.unique().tolist() == [2, 23]
    table = timeline.attention(mentions, articles, ["Rosa Lind"], period="week")
    assert set(table["period_start"].dt.strftime("%Y-%m-%d")) == {"2024-04-01", "2024-04-22"}  # weeks from Monday
    coastal = table[table["outlet"] == "Coastal Courier"]
    coastal = coastal.set_index(coastal["period_start"].dt.strftime("%m-%d"))
    assert coastal.loc["04-01", "n_mentions"] == 2 and coastal.loc["04-22", "n_mentions"] == 0
    assert "Harbour Times" not in set(table.loc[table["period_start"].dt.day == 22, "outlet"])
    assert "1 article(s) without a date" in timeline.describe(articles)


def test_tone_over_time_needs_enough_mentions_per_point():
    articles, _, _ = _articles()
    scored = pd.DataFrame({"article_id": ["coastal-1"] * 5 + ["daily-1"] * 2, "actor_name": "Rosa Lind",
                           "method": "classifier", "voice": "author", "score": [0.5] * 5 + [-0.5] * 2})
    table = timeline.tone_over_time(scored, articles, "classifier", ["Rosa Lind"])
    assert table[["outlet", "n_mentions", "mean_score"]].values.tolist() == [["Coastal Courier", 5, 0.5]]


# --- Self-references ----------------------------------------------------------------------------------------


def test_an_outlet_is_recognised_by_its_name_and_its_web_address():
    labels = self_reference.outlet_labels("The Springfield Gazette", ["https://www.sfgazette.com/a"])
    assert {"springfieldgazette", "sfgazette"} <= labels
    assert self_reference.refers_to("Springfield Gazette", "springfieldgazette")
    assert self_reference.refers_to("Gazette", "springfieldgazette")
    assert not self_reference.refers_to("Springfield", "sfgazette")
    assert not self_reference.refers_to("News", "springfieldnews")  # a generic word alone is no self-reference


def test_self_references_are_listed_and_left_out_of_word_choice():
    articles, _, texts = _articles()
    body = texts.rename(columns={})
    found = self_reference.self_references(body, articles)
    assert found[["outlet", "name", "n"]].values.tolist() == [["Coastal Courier", "Coastal Courier", 4]]
    sentences = texts.assign(block_kind="body", sentence_id=0)
    masked = word_choice.outlet_texts(sentences, articles, found)
    assert not any("Coastal Courier" in text for text in masked["Coastal Courier"])
    assert any(self_reference.MASK in text for text in masked["Coastal Courier"])


# --- Comparisons within events ------------------------------------------------------------------------------


def _scores(differences: list[float]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Two units scoring one actor in len(differences) events, unit A above unit B by each difference."""
    rows, articles, event_rows = [], [], []
    for k, difference in enumerate(differences):
        for unit, score in (("A", difference / 2), ("B", -difference / 2)):
            article_id = f"{unit}{k}"
            articles.append({"article_id": article_id, "outlet": unit, "source_outlet": unit})
            event_rows.append({"article_id": article_id, "event": f"e{k}"})
            rows += [{"article_id": article_id, "sentence_id": s, "actor_name": "Ann Lee", "method": "classifier",
                      "voice": "author", "score": score, "label": "neutral"} for s in range(2)]
    return pd.DataFrame(rows), pd.DataFrame(articles), pd.DataFrame(event_rows)


def test_a_consistent_difference_within_events_is_found():
    scored, articles, event_table = _scores([0.4, 0.5, 0.6, 0.3, 0.5, 0.4, 0.6, 0.5])
    table = paired.paired_tone(scored, articles, event_table, "classifier")
    row = table.iloc[0]
    assert (row["first"], row["second"], row["n_events"]) == ("A", "B", 8)
    assert row["mean_difference"] == pytest.approx(0.475) and row["p_value"] < 0.01


def test_differences_that_cancel_out_are_not_significant():
    scored, articles, event_table = _scores([0.5, -0.5, 0.4, -0.4, 0.3, -0.3])
    assert paired.paired_tone(scored, articles, event_table, "classifier").iloc[0]["p_value"] > 0.5


def test_one_common_event_is_no_paired_comparison():
    scored, articles, event_table = _scores([0.5])
    assert paired.paired_tone(scored, articles, event_table, "classifier").empty


def test_the_permutation_test_says_what_it_shuffles():
    scored, articles, event_table = _scores([0.4, 0.5, 0.6, 0.3])
    within = tone_tests.tone_differences(scored, articles, "classifier", n_permutations=200, events=event_table)
    assert set(within["test"]) == {"articles shuffled within events"}
    nested = tone_tests.tone_differences(scored, articles, "classifier", n_permutations=200, nested=True)
    assert set(nested["test"]) == {"whole outlets shuffled"}


def test_event_coverage_counts_articles_per_event_and_unit():
    articles, metadata, texts = _articles()
    found = events.find_events(articles, metadata, texts, pd.DataFrame(columns=MENTION_COLUMNS), "event")
    grouped = units.comparison_units(articles, metadata, "leaning").articles
    table = paired.event_coverage(grouped, found).set_index("event")
    assert table.loc["strike", "left"] == 2 and table.loc["election", "right"] == 1


# --- The per-event view and the runner's options ------------------------------------------------------------


def test_the_event_view_puts_one_events_articles_side_by_side():
    articles, metadata, texts = _articles()
    found = events.find_events(articles, metadata, texts, pd.DataFrame(columns=MENTION_COLUMNS), "event")
    mentions = pd.DataFrame({"article_id": ["coastal-1", "coastal-1", "daily-1"], "actor_id": ["p1", "p1", "p2"],
                             "actor_name": ["Rosa Lind", "Rosa Lind", "Karl Ostrand"], "block_kind": "body",
                             "text": ["Rosa Lind"] * 2 + ["Karl Ostrand"]})
    scored = pd.DataFrame({"article_id": ["coastal-1"], "actor_name": ["Rosa Lind"], "method": ["classifier"],
                           "voice": ["author"], "score": [0.25]})
    data = explore.Tables(articles.assign(n_words=1), texts, pd.DataFrame(), mentions, pd.DataFrame(), scored, "classifier")
    view = explore.event_view(data, found, "strike")
    assert view["outlet"].tolist() == ["Coastal Courier", "Daily Anchor", "Harbour Times"]
    assert view.loc[0, "most named"] == "Rosa Lind (2)" and view.loc[0, "tone toward Rosa Lind"] == 0.25
    assert view["n scored"].tolist() == [1, 0, 0]
    with pytest.raises(NewsbiasError, match="no event"):
        explore.event_view(data, found, "war")


def test_grouped_and_event_runs_get_folders_and_parameters_of_their_own(tmp_path):
    corpus = example_corpus.write_multi_event(tmp_path)
    analysis = {"GROUP_BY": "leaning", "EVENTS": "auto", "EVENT_OVERRIDES": None}
    processed, figures, _ = runner.corpus_outputs(corpus, tmp_path, analysis)
    assert processed.name == figures.name == "two_events-by-leaning-events-auto"
    notebooks = {p.name: p for p in runner.notebooks_in_order()}
    entities_params = runner.corpus_parameters(notebooks["02_entities.ipynb"], corpus, None, False, tmp_path, analysis=analysis)
    assert entities_params["GROUP_BY"] == "leaning" and entities_params["EVENTS"] == "auto"
    assert "EVENT_OVERRIDES" not in entities_params  # options left unset are not passed
    comparison_params = runner.corpus_parameters(notebooks["05_comparison.ipynb"], corpus, None, False, tmp_path,
                                                 analysis=analysis)
    assert comparison_params["GROUP_BY"] == "leaning" and "EVENTS" not in comparison_params


def test_findings_say_whether_a_tone_difference_holds_under_every_method():
    scored, articles, _ = _scores([0.6] * 12)
    flat = scored.assign(method="flat", score=0.0)
    both = pd.concat([scored, flat], ignore_index=True)
    differences = tone_tests.tone_differences(both, articles, "classifier", n_permutations=500)
    robustness = tone_tests.method_robustness(both, articles, differences, ["classifier", "flat"], n_permutations=500)
    assert set(robustness["method"]) == {"classifier", "flat"}
    text = tone_tests.holds_under(robustness, "author", "Ann Lee")
    assert text.startswith("It depends on the method") and "under classifier" in text and "not under flat" in text
    agreeing = tone_tests.method_robustness(pd.concat([scored, scored.assign(method="copy")]), articles, differences,
                                            ["classifier", "copy"], n_permutations=500)
    assert tone_tests.holds_under(agreeing, "author", "Ann Lee").startswith("It holds under every method")


def test_a_place_or_people_is_never_an_outlets_self_reference():
    assert not self_reference.refers_to("American", "americanspectator")
    assert not self_reference.refers_to("America", "americanspectator")  # cut from "American"
    assert not self_reference.refers_to("Washington", "washingtonpost")
    assert self_reference.refers_to("American Spectator", "americanspectator")


def test_a_groups_term_says_how_many_of_its_outlets_use_it():
    articles, metadata, texts = _articles()
    grouped = units.comparison_units(articles, metadata, "leaning").articles
    sentences = texts.assign(block_kind="body", sentence_id=0)
    words = pd.DataFrame({"outlet": ["left", "left", "right"], "term": ["readers", "dock workers", "readers"],
                          "z": [3.0, 2.5, 1.0]})
    counted = word_choice.outlets_using(words, sentences, grouped)
    assert counted["n_outlets"].tolist() == [1, 2, 0]  # only the Coastal Courier has readers writing in


def test_event_naming_findings_prefer_terms_used_more_than_once_and_stay_short():
    from newsbias.comparison import findings

    frequency = pd.DataFrame({"outlet": ["A", "B"], "actor_id": "p", "actor_name": "Ann Lee", "form": "name",
                              "n_mentions": 3, "rank": 1})
    voices = pd.DataFrame(columns=["outlet", "speaker", "speaker_type", "country", "n_quotes"])
    words = pd.DataFrame(columns=["outlet", "term", "count", "z"])
    differences = pd.DataFrame(columns=["voice_scope", "p_value"])
    naming = pd.DataFrame({"outlet": ["A"] * 9 + ["B"], "term": [f"verb{i}" for i in range(9)] + ["verb0"],
                           "n": [5, 3, 1, 1, 1, 1, 1, 1, 1, 2]})
    table = findings.key_findings(frequency, voices, differences, words, naming)
    named = table.loc[table["topic"] == "event naming", "finding"].tolist()
    assert named == ["Only A calls it 'verb1' (3×)."]  # verb0 both use; single uses left out when a term recurs
    naming.loc[1, "n"] = 1
    assert len(findings.key_findings(frequency, voices, differences, words, naming).query("topic == 'event naming'")) == 6


def test_the_structure_figure_has_a_row_per_outlet_once_a_corpus_has_many_articles():
    import matplotlib.pyplot as plt
    from newsbias import plots

    outlets = [f"Outlet {i:02d}" for i in range(15)]
    ids = [f"a{i}-{k}" for i in range(15) for k in range(4)]
    articles = pd.DataFrame({"article_id": ids, "outlet": [outlets[i] for i in range(15) for _ in range(4)],
                             "n_sentences": 3, "n_words": 30})
    blocks = pd.DataFrame({"article_id": ids * 2, "kind": ["body"] * 60 + ["title"] * 60,
                           "start_char": 0, "end_char": [100] * 60 + [20] * 60})
    sentences = pd.DataFrame({"article_id": ids, "block_kind": "body", "n_words": 10})
    numbers = plots.structure_numbers(blocks, articles)
    assert numbers.index.name == "outlet" and len(numbers) == units.TOP_OUTLETS + 1  # 12 largest and the pool
    assert numbers.loc[units.OTHER, "n_articles"] == 12 and numbers.loc["Outlet 00", "body"] == 100
    lengths = plots.length_numbers(articles)
    assert lengths["n_articles"].sum() == 60 and set(lengths["outlet"]) == set(numbers.index)
    figure = plots.plot_structure(blocks, articles, sentences)
    assert len(figure.axes[0].get_yticklabels()) == len(numbers)
    # The block kinds' legend sits just under the x-axis label, off the bars, whatever the figure's height.
    two = ids[:2]
    for shown in (figure, plots.plot_structure(blocks[blocks["article_id"].isin(two)], articles.head(2), sentences.head(2))):
        shown.canvas.draw()
        left = shown.axes[0]
        legend = left.get_legend().get_window_extent()
        gap = (left.xaxis.label.get_window_extent().y0 - legend.y1) / shown.dpi * 72  # points
        assert 0 < gap < 30  # close under it too: a tall figure's legend does not float far below
        assert not any(legend.overlaps(bar.get_window_extent()) for bar in left.patches)
    plt.close("all")
    # A small corpus keeps a row per article.
    small = articles.head(plots.ARTICLES_SHOWN)
    assert plots.structure_numbers(blocks[blocks["article_id"].isin(small["article_id"])], small).index.name == "article"


def test_a_unit_that_is_one_outlet_has_an_interval_when_smaller_outlets_are_pooled():
    # The 12 largest outlets compared one by one, the rest pooled: the pooled unit resamples its outlets, an outlet
    # its own articles (until 2026-12-02 every unit resampled outlets, and a one-outlet unit had no interval).
    rng = np.random.default_rng(0)
    rows, articles = [], []
    for unit, source in [("Daily Anchor", "Daily Anchor")] + [("other outlets", f"Small {k}") for k in range(3)]:
        for a in range(4):
            article_id = f"{source}-{a}"
            articles.append({"article_id": article_id, "outlet": unit, "source_outlet": source})
            rows += [{"article_id": article_id, "sentence_id": s, "actor_id": "person:ann-lee", "actor_name": "Ann Lee",
                      "method": "classifier", "voice": "author", "score": float(rng.uniform(-1, 1)),
                      "label": "neutral"} for s in range(3)]
    tone = sentiment.tone_summary(pd.DataFrame(rows), pd.DataFrame(articles), n_samples=200, nested=True)
    tone = tone[tone["voice_scope"] == "author"].set_index("outlet")
    assert tone.at["Daily Anchor", "resampled"] == "articles" and tone.at["other outlets", "resampled"] == "outlets"
    assert tone[["ci_low", "ci_high"]].notna().all().all()
    assert (tone["ci_low"] <= tone["mean_score"]).all() and (tone["mean_score"] <= tone["ci_high"]).all()


def test_a_group_of_one_outlet_has_no_interval():
    # GROUP_BY leaning: a group's tone generalises over its outlets; one outlet says nothing of how they vary.
    rows, articles = [], []
    for unit, source in [("left", "Daily Anchor"), ("left", "Harbour Times"), ("right", "Coastal Courier")]:
        for a in range(3):
            article_id = f"{source}-{a}"
            articles.append({"article_id": article_id, "outlet": unit, "source_outlet": source})
            rows += [{"article_id": article_id, "sentence_id": s, "actor_id": "person:ann-lee", "actor_name": "Ann Lee",
                      "method": "classifier", "voice": "author", "score": 0.1 * (a + s), "label": "neutral"}
                     for s in range(2)]
    tone = sentiment.tone_summary(pd.DataFrame(rows), pd.DataFrame(articles), n_samples=200, nested=True)
    tone = tone[tone["voice_scope"] == "author"].set_index("outlet")
    assert set(tone["resampled"]) == {"outlets"}
    assert tone.loc["left", ["ci_low", "ci_high"]].notna().all() and tone.loc["right", ["ci_low", "ci_high"]].isna().all()
