"""Decoding an article file's bytes into text: UTF-8 first, then a detected encoding, recorded; binary refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from charset_normalizer.md import mess_ratio

from newsbias.errors import BadRecord

# Files larger than this are refused (a news article is rarely over 200 kB of text).
MAX_FILE_BYTES = 5_000_000
# Share of control characters above which a decoded file is treated as binary.
BINARY_CONTROL_SHARE = 0.01
_WORDLESS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass
class Decoded:
    """A file's text and how it was decoded."""

    text: str
    encoding: str
    note: str = ""


def decode_bytes(data: bytes, source: str) -> Decoded:
    """Decode a file's bytes: UTF-8 (with or without BOM) first, then a detected encoding, recorded.

    Raises :class:`BadRecord` for empty, whitespace-only, binary or undecodable files.
    """
    if not data.strip():
        raise BadRecord(source, "the file is empty or holds only whitespace")
    for bom, encoding in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(Decoded(data.decode(encoding), encoding, "UTF-16 byte-order mark"), source)
    if b"\x00" in data:
        raise BadRecord(source, "the file is binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return _checked(Decoded(text, encoding), source)
    except UnicodeDecodeError as error:
        utf8_error = f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise BadRecord(source, f"the file is {utf8_error} and no text encoding fits it; is it binary?")
    # Single-byte Latin encodings often fit equally well (cp1250 and cp1252 share most letters).
    # Then take windows-1252, the web's default legacy encoding (WHATWG), and say so.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and guess.encoding != "cp1252" and mess_ratio(western) <= guess.chaos + 0.01:
        note = f"{utf8_error}; decoded as cp1252 (the web's default legacy encoding; detector also fits {guess.encoding})"
        return _checked(Decoded(western, "cp1252", note), source)
    return _checked(Decoded(str(guess), guess.encoding, f"{utf8_error}; decoded as {guess.encoding} (detected)"), source)


def _checked(decoded: Decoded, source: str) -> Decoded:
    if not decoded.text.strip():
        raise BadRecord(source, "the file is empty or holds only whitespace")
    controls = len(_WORDLESS.findall(decoded.text))
    if controls > BINARY_CONTROL_SHARE * len(decoded.text):
        raise BadRecord(source, f"the file looks binary ({controls} control characters in {len(decoded.text)}), not text")
    return decoded


def read_article_file(path: Path, source: str, max_bytes: int = MAX_FILE_BYTES) -> Decoded:
    """Read and decode one article file, raising :class:`BadRecord` with the reason if it cannot be used."""
    if not path.is_file():
        raise BadRecord(source, f"the file does not exist (looked for {path})")
    size = path.stat().st_size
    if size > max_bytes:
        raise BadRecord(
            source, f"the file is {size:,} bytes, over the limit of {max_bytes:,}; raise it with max_file_bytes=..."
        )
    return decode_bytes(path.read_bytes(), source)
