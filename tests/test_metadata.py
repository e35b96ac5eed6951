"""A researcher's own columns are kept, typed, and exported safely."""

from __future__ import annotations

import json

import pandas as pd
from newsbias import ingestion, tables
from newsbias.ingestion.metadata import metadata_table

STORY = "The minister said on Monday that the talks would continue next week in Geneva."


def test_every_extra_column_of_a_table_is_kept_and_typed(tmp_path):
    path = tmp_path / "articles.jsonl"
    rows = [{"article_id": "a", "outlet": "X", "text": STORY, "leaning": "left", "event": "e1", "pages": 2,
             "score": 0.5, "published_on": "2021-03-01", "paywall": "yes", "people": ["Ann Lee", "Bo Ray"]},
            {"article_id": "b", "outlet": "Y", "text": STORY + " More.", "leaning": "right", "event": "e1", "pages": 3,
             "score": 1.25, "published_on": "2021-03-02", "paywall": "no", "people": []}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    metadata = ingestion.ingest(path, progress=False).article_metadata
    assert list(metadata.columns) == ["article_id", "leaning", "event", "pages", "score", "published_on", "paywall", "people"]
    assert str(metadata["pages"].dtype) == "Int64" and str(metadata["score"].dtype) == "Float64"
    assert str(metadata["paywall"].dtype) == "boolean" and metadata["paywall"].tolist() == [True, False]
    assert pd.api.types.is_datetime64_any_dtype(metadata["published_on"])
    assert metadata["people"].tolist()[0] == "Ann Lee; Bo Ray" and pd.isna(metadata["people"].tolist()[1])
    tables.write_table(metadata, "article_metadata", tmp_path)  # a declared table whatever its fields
    assert tables.read_table("article_metadata", tmp_path).columns.tolist() == metadata.columns.tolist()


def test_extra_manifest_columns_are_kept(corpus):
    manifest = corpus({"a.txt": STORY}, [{"article_id": "a", "outlet": "X", "date": "", "title": "", "url": "",
                                          "path": "a.txt", "section": "World", "word count": "12"}])
    metadata = ingestion.ingest(manifest, progress=False).article_metadata
    assert metadata.to_dict("records") == [{"article_id": "a", "section": "World", "word count": 12}]


def test_a_corpus_without_extra_columns_has_an_id_only_table():
    assert list(metadata_table([("a", {}), ("b", {})]).columns) == ["article_id"]


def test_csv_copies_never_carry_a_live_spreadsheet_formula(tmp_path):
    frame = pd.DataFrame({"article_id": ["a", "b"], "text": ['=HYPERLINK("http://x","y")', "plain - dash"]})
    tables.write_table(frame, "texts", tmp_path)
    csv = pd.read_csv(tmp_path / "texts.csv", keep_default_na=False)
    assert csv["text"].tolist() == ['\'=HYPERLINK("http://x","y")', "plain - dash"]
    assert tables.read_table("texts", tmp_path)["text"].tolist()[0] == '=HYPERLINK("http://x","y")'  # parquet exact
