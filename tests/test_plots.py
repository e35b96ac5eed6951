"""Figures: what a card says it compares, and saving outside a notebook."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from newsbias import comparison, plots, quotes  # noqa: E402

TONE_COLUMNS = ["outlet", "method", "voice_scope", "actor_name", "n_mentions", "ci_low", "ci_high", "mean_score", "small_sample"]


def test_a_card_says_what_it_compares_and_is_saved_without_being_shown(tmp_path):
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["left", "right"], "n_words": [100, 200]})
    shares = pd.DataFrame({"left": [0.5], "right": [0.2]}, index=["Actor"])
    voices = pd.DataFrame({"outlet": ["left"], "speaker_type": ["politician"], "n_quotes": [2]})
    tone = pd.DataFrame([["left", "classifier", "author", "Actor", 6, -0.4, 0.1, -0.15, False]], columns=TONE_COLUMNS)
    words = pd.DataFrame({"outlet": ["left"], "term": ["strike"], "z": [2.5], "count": [3]})
    cards = comparison.outlet_cards(articles, shares, voices, tone, words, "classifier", prefix="05_card", unit="leaning")
    assert [(c.file_name, c.n_words, c.n_quotes) for c in cards] == [("05_card_left", 100, 2), ("05_card_right", 200, 0)]
    figure = plots.plot_outlet_card(cards[0])
    assert figure._suptitle.get_text() == "Leaning card: left"
    default = comparison.outlet_cards(articles, shares, voices, tone, words, "classifier")
    assert plots.plot_outlet_card(default[1])._suptitle.get_text() == "Outlet card: right"
    path = plots.save_figure(figure, cards[0].file_name, tmp_path)
    # Outside a notebook the figure is only saved: nothing is displayed and the caller's figure stays open.
    assert path == tmp_path / "05_card_left.png" and path.read_bytes()[:4] == b"\x89PNG" and plt.fignum_exists(figure.number)
    plt.close("all")


def test_who_speaks_draws_shares_of_each_units_quotations_so_a_small_unit_is_not_squashed():
    # A pooled "other outlets" with 1,000 quotations beside an outlet with 10: in counts on one axis, the small
    # outlet's bars would be 1% of it; as shares of each unit's quotations, on each panel's own scale, both read.
    speakers = pd.DataFrame({"outlet": ["other outlets"] * 3 + ["small"] * 2, "speaker": ["A", "(no speaker)", "B", "C", "D"],
                             "speaker_actor_type": ["person", "none", "person", "organisation", "person"],
                             "direct": [600, 150, 10, 4, 0], "partial": [0, 0, 0, 1, 0], "reported": [100, 0, 140, 4, 1],
                             "n_quotes": [700, 150, 150, 9, 1], "quoted_words": [0, 0, 0, 0, 0]})
    shares = quotes.top_speaker_shares(speakers, top=1)
    # The top speaker of each unit, never "(no speaker)"; each kind as a share of all the unit's quotations.
    assert shares.to_dict("list") == {"outlet": ["other outlets", "small"], "speaker": ["A", "C"], "direct": [60.0, 40.0],
                                      "partial": [0.0, 10.0], "reported": [10.0, 40.0], "n_quotes": [70.0, 90.0],
                                      "outlet_quotes": [1000, 10]}
    types = pd.DataFrame({"person": [850, 1], "organisation": [0, 9], "none": [150, 0]},
                         index=pd.Index(["other outlets", "small"], name="outlet"))
    by_type = quotes.type_shares(types)
    assert by_type.to_dict("index") == {"other outlets": {"person": 85.0, "organisation": 0.0, "none": 15.0, "n_quotes": 1000},
                                        "small": {"person": 10.0, "organisation": 90.0, "none": 0.0, "n_quotes": 10}}
    figure = plots.plot_speakers(shares, by_type, top=1)
    other, small, by_type_ax = figure.axes[:3]
    assert [other.get_title(), small.get_title()] == ["other outlets (n=1000 quotations)", "small (n=10 quotations)"]
    assert sorted(bar.get_width() for bar in small.patches) == [10.0, 40.0, 40.0]
    # Each panel's own scale: the largest bar at 1/1.15 of the axis.
    assert [round(ax.get_xlim()[1], 1) for ax in (other, small)] == [80.5, 103.5]
    assert [t.get_text() for t in by_type_ax.get_yticklabels()] == ["other outlets (n=1000)", "small (n=10)"]
    # Each legend sits under its panel's x-axis label, off the bars it explains.
    figure.canvas.draw()
    for ax in (other, by_type_ax):
        legend = ax.get_legend().get_window_extent()
        assert legend.y1 < ax.xaxis.label.get_window_extent().y0
        assert not any(legend.overlaps(bar.get_window_extent()) for bar in ax.patches)
    plt.close("all")


def test_a_line_over_time_joins_consecutive_periods_only():
    # Unit a has points in the quarters 2020Q1, Q2, Q4 and 2023Q1; unit b in 2020Q3 and Q4. a's line joins Q1 and Q2,
    # then stops: no trend is drawn across Q3, where a has no point, nor across the two years without data.
    starts = pd.to_datetime(["2020-01-01", "2020-04-01", "2020-10-01", "2023-01-01", "2020-07-01", "2020-10-01"])
    table = pd.DataFrame({"period_start": starts, "period": "quarter", "outlet": ["a"] * 4 + ["b"] * 2, "actor_name": "X",
                          "n_articles": 1, "mean_score": [0.1, 0.2, 0.4, 0.5, 0.3, 0.6]})
    figure = plots.plot_over_time(table, "mean_score", "Tone over time", "mean tone")
    assert [list(line.get_ydata()) for line in figure.axes[0].get_lines()] == [[0.1, 0.2], [0.3, 0.6]]
    assert sum(len(c.get_offsets()) for c in figure.axes[0].collections) == 6  # every point is drawn, joined or not
    # Weeks start on Monday: two Mondays seven days apart are consecutive.
    weeks = table.iloc[:2].assign(period_start=pd.to_datetime(["2024-04-15", "2024-04-22"]), period="week")
    assert len(plots.plot_over_time(weeks, "mean_score", "t", "y").axes[0].get_lines()) == 1
    apart = weeks.assign(period_start=pd.to_datetime(["2024-04-15", "2024-04-29"]))  # a week without a point between
    assert len(plots.plot_over_time(apart, "mean_score", "t", "y").axes[0].get_lines()) == 0
    plt.close("all")
