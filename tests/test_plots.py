"""Figures: what a card says it compares, and saving outside a notebook."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from newsbias import comparison, plots  # noqa: E402

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
