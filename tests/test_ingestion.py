"""Ingestion end to end: the default corpus, and every kind of bad input with its message."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from newsbias import ingestion, paths
from newsbias.errors import NewsbiasError
from newsbias.ingestion.manifest import read_manifest
from newsbias.ingestion.normalise import Edit, restore_original
from newsbias.tables import TABLES

STORY = (
    "The minister said on Monday that the talks would continue next week in Geneva.\n\n"
    "Officials from both sides described the meeting as constructive and long overdue.\n"
)


def rows_for(paths_and_ids):
    return [
        {"article_id": article_id, "outlet": "Example Times", "date": "2021-03-01", "title": "", "url": "", "path": path}
        for article_id, path in paths_and_ids
    ]


@pytest.fixture(scope="module")
def default_corpus():
    return ingestion.ingest(paths.DEFAULT_MANIFEST, progress=False)


def test_default_corpus_tables_have_documented_columns(default_corpus):
    for name in default_corpus.tables:
        fixed = [c for c in TABLES[name] if c != "*"]
        assert list(getattr(default_corpus, name).columns)[:len(fixed)] == fixed, name


def test_default_corpus_block_kinds(default_corpus):
    blocks = default_corpus.blocks
    kinds = blocks.groupby("article_id")["kind"].apply(list).to_dict()
    haaretz = kinds["001_2ffa289d12d69e05"]
    assert haaretz[:2] == ["title", "subtitle"]
    assert haaretz.count("caption") == 1 and haaretz.count("credit") == 1
    assert haaretz[-1] == "boilerplate"  # the trailing "follow topics" line
    israel_hayom = kinds["000_0d9b0f13835eac1d"]
    assert israel_hayom[0] == "body" and israel_hayom[-1] == "boilerplate"  # no headline; syndication note
    assert israel_hayom.count("boilerplate") == 2  # plus the "follow us" line
    assert kinds["002_84b16844f0b3af3a"].count("subheading") == 1
    assert "title" not in kinds["002_84b16844f0b3af3a"]


def test_default_corpus_loses_nothing(default_corpus):
    check = ingestion.coverage_check(default_corpus.texts, default_corpus.blocks)
    assert check["complete"].all()
    for article_id, text in zip(default_corpus.texts["article_id"], default_corpus.texts["text"]):
        edits = default_corpus.normalisation[default_corpus.normalisation["article_id"] == article_id]
        restored = restore_original(text, [Edit(r.start_char, r.end_char, r.original, r.replacement, r.reason)
                                           for r in edits.itertuples()])
        path = default_corpus.articles.set_index("article_id").loc[article_id, "path"]
        assert restored == (paths.DEFAULT_CORPUS / path).read_text(encoding="utf-8")


def test_sentence_offsets_point_into_the_normalised_text(default_corpus):
    texts = dict(zip(default_corpus.texts["article_id"], default_corpus.texts["text"]))
    for row in default_corpus.sentences.itertuples():
        assert texts[row.article_id][row.start_char : row.end_char] == row.text
    body = default_corpus.sentences[default_corpus.sentences["block_kind"] == "body"]
    counts = body.groupby("article_id").size()
    assert (default_corpus.articles.set_index("article_id")["n_sentences"] == counts).all()


def test_default_corpus_report_accounts_for_every_file(default_corpus):
    report = default_corpus.ingestion_report
    assert sorted(report.loc[report["status"] == "ingested", "source"]) == sorted(default_corpus.articles["path"])
    listed = set(report["source"])
    on_disk = {p.name for p in paths.DEFAULT_CORPUS.iterdir() if p.name != "manifest.csv"}
    assert on_disk == listed


def test_writing_tables_leaves_the_raw_corpus_untouched(default_corpus, tmp_path):
    def digest():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths.DEFAULT_CORPUS.iterdir())}

    before = digest()
    written = ingestion.write_ingestion(default_corpus, tmp_path)
    assert digest() == before
    assert {p.name for p in tmp_path.iterdir()} == {f"{n}.{ext}" for n in default_corpus.tables for ext in ("parquet", "csv")}
    assert pd.read_parquet(written[0]).equals(default_corpus.articles)


# ---- bad input: each gets a clear error naming the file and the problem -------------------------


def test_manifest_row_whose_file_is_missing(corpus):
    manifest = corpus({"a.txt": STORY}, rows_for([("a", "a.txt"), ("b", "b.txt")]))
    with pytest.raises(NewsbiasError, match=r"b\.txt.*line 3.*article 'b'.*does not exist"):
        ingestion.ingest(manifest, progress=False)


def test_path_that_leaves_the_corpus_folder(corpus, tmp_path):
    (tmp_path / "secret.txt").write_text(STORY)
    manifest = corpus({"a.txt": STORY}, rows_for([("a", "a.txt"), ("b", "../secret.txt")]))
    with pytest.raises(NewsbiasError, match=r"line 3: path '\.\./secret\.txt' leaves the corpus folder"):
        ingestion.ingest(manifest, progress=False)


def test_absolute_path_is_refused(corpus, tmp_path):
    manifest = corpus({"a.txt": STORY}, rows_for([("a", str(tmp_path / "corpus" / "a.txt"))]))
    with pytest.raises(NewsbiasError, match="leaves the corpus folder"):
        read_manifest(manifest)


def test_duplicate_article_id(corpus):
    manifest = corpus({"a.txt": STORY, "b.txt": STORY + "x"}, rows_for([("a", "a.txt"), ("a", "b.txt")]))
    with pytest.raises(NewsbiasError, match=r"duplicate article_id: 'a' on lines \[2, 3\]"):
        read_manifest(manifest)


def test_missing_required_column_names_what_exists(corpus):
    rows = [{"id": "a", "outlet": "X", "date": "", "title": "", "url": "", "path": "a.txt"}]
    manifest = corpus({"a.txt": STORY}, rows)
    with pytest.raises(NewsbiasError, match=r"lacks required column\(s\) \['article_id'\]; it has \['id', 'outlet'"):
        read_manifest(manifest)


def test_blank_required_value_and_bad_date(corpus):
    manifest = corpus({"a.txt": STORY}, [{**rows_for([("a", "a.txt")])[0], "outlet": " "}])
    with pytest.raises(NewsbiasError, match=r"column 'outlet' is empty on line\(s\) \[2\]"):
        read_manifest(manifest)
    manifest = corpus({"a.txt": STORY}, [{**rows_for([("a", "a.txt")])[0], "date": "5 Jan"}], folder="c2")
    with pytest.raises(NewsbiasError, match=r"line 2: date '5 Jan' is not an ISO 8601 date"):
        read_manifest(manifest)


def test_manifest_that_does_not_exist_or_is_not_csv(tmp_path):
    with pytest.raises(NewsbiasError, match="manifest .*nope.csv does not exist"):
        read_manifest(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"article_id,outlet\n\xff\xfe\x00bad\n")
    with pytest.raises(NewsbiasError, match="bad.csv is not UTF-8"):
        read_manifest(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(NewsbiasError, match="empty.csv is not a readable CSV"):
        read_manifest(empty)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_or_whitespace_only_file(corpus, content):
    manifest = corpus({"a.txt": content})
    with pytest.raises(NewsbiasError, match=r"a\.txt.*empty or holds only whitespace"):
        ingestion.ingest(manifest, progress=False)


def test_non_utf8_file_is_decoded_with_a_recorded_fallback(corpus):
    text = "Le ministre a déclaré que les négociations reprendront à Genève la semaine prochaine, selon l'agence."
    manifest = corpus({"a.txt": text.encode("cp1252")})
    result = ingestion.ingest(manifest, progress=False, other_languages="keep")
    assert result.texts["text"].iloc[0] == text
    assert result.articles["encoding"].iloc[0] != "utf-8"
    reason = result.ingestion_report["reason"].iloc[0]
    assert "not valid UTF-8 (byte 0xe9" in reason and "decoded as cp1252" in reason


def test_non_latin_legacy_encoding_is_detected(corpus):
    text = "Министр заявил, что переговоры продолжатся на следующей неделе в Женеве, сообщило агентство."
    result = ingestion.ingest(corpus({"a.txt": text.encode("cp1251")}), progress=False, other_languages="keep")
    assert result.texts["text"].iloc[0] == text
    assert result.articles["encoding"].iloc[0] == "cp1251"


def test_utf8_bom_is_accepted(corpus):
    manifest = corpus({"a.txt": b"\xef\xbb\xbf" + STORY.encode()})
    result = ingestion.ingest(manifest, progress=False)
    assert result.articles["encoding"].iloc[0] == "utf-8-sig"
    assert not result.texts["text"].iloc[0].startswith("\ufeff")


def test_binary_file(corpus):
    manifest = corpus({"a.txt": bytes(range(256)) * 4})
    with pytest.raises(NewsbiasError, match=r"a\.txt.*binary"):
        ingestion.ingest(manifest, progress=False)


def test_file_over_the_size_limit(corpus):
    manifest = corpus({"a.txt": STORY * 20})
    with pytest.raises(NewsbiasError, match=r"over the limit of 1,000; raise it with max_file_bytes"):
        ingestion.ingest(manifest, max_file_bytes=1000, progress=False)


def test_unlisted_files_are_reported_not_ignored(corpus):
    manifest = corpus({"a.txt": STORY, "extra.txt": STORY, "sub/other.html": "<p>x</p>", "README.md": "# about"},
                      rows_for([("a", "a.txt")]))
    report = ingestion.ingest(manifest, progress=False).ingestion_report.set_index("source")
    assert report.loc["a.txt", "status"] == "ingested"
    for source in ("extra.txt", "sub/other.html", "README.md"):
        assert report.loc[source, "status"] == "unlisted"
        assert "not listed in the manifest" in report.loc[source, "reason"]
    assert report.loc["README.md", "reason"].startswith("documentation file")


def test_set_aside_mode_keeps_good_rows_and_reports_the_rest(corpus):
    manifest = corpus({"a.txt": STORY, "b.txt": b"", "c.txt": b"\x00\x01binary"},
                      rows_for([("a", "a.txt"), ("b", "b.txt"), ("c", "c.txt"), ("d", "d.txt")]))
    result = ingestion.ingest(manifest, on_bad_record="set_aside", progress=False)
    assert result.articles["article_id"].tolist() == ["a"]
    report = result.ingestion_report.set_index("article_id")
    assert report.loc["a", "status"] == "ingested"
    assert (report.loc[["b", "c", "d"], "status"] == "set_aside").all()
    assert "empty" in report.loc["b", "reason"] and "binary" in report.loc["c", "reason"]
    assert "does not exist" in report.loc["d", "reason"]


def test_unknown_on_bad_record_value(corpus):
    with pytest.raises(NewsbiasError, match="on_bad_record must be"):
        ingestion.ingest(corpus({"a.txt": STORY}), on_bad_record="skip", progress=False)


def test_when_nothing_can_be_ingested_the_error_lists_the_reasons(corpus):
    manifest = corpus({"a.txt": b""})
    with pytest.raises(NewsbiasError, match="no article could be ingested.*empty"):
        ingestion.ingest(manifest, on_bad_record="set_aside", progress=False)


def test_an_article_in_another_language_is_set_aside_with_the_language(tmp_path):
    import json

    path = tmp_path / "articles.jsonl"
    german = ("Die Gespräche zwischen den Beamten wurden am Montag in Genf fortgesetzt. Der nächste Schritt sei "
              "eine gemeinsame Erklärung, sagte ein Sprecher des Ministeriums am Abend.")
    path.write_text(json.dumps({"article_id": "de", "outlet": "X", "text": german}) + "\n"
                    + json.dumps({"article_id": "en", "outlet": "X", "text": STORY}) + "\n")
    result = ingestion.ingest(path, progress=False)
    assert result.articles["article_id"].tolist() == ["en"] and result.articles["language"].tolist() == ["en"]
    report = result.ingestion_report.set_index("article_id")
    assert report.loc["de", "status"] == "set_aside" and "language 'de'" in report.loc["de", "reason"]
