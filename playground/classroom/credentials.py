"""Join codes and teacher tokens: how they are made, written, stored and compared.

A join code is what a student types or scans: 8 symbols from a 32-letter alphabet without the
look-alikes 0/O and 1/I (40 random bits from `secrets`, well above the 30 the issue asks for),
shown as ABCD-EFGH and read back whatever the case, spaces or dashes. A teacher token is the
private part of the teacher's link: 32 random bytes, URL-safe. The store keeps only the token's
SHA-256 digest, and a presented token is checked by comparing digests with `hmac.compare_digest`
(constant time), so neither a database dump nor a timing measurement gives the token away.
Nothing here logs or prints a code or a token.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0, O, 1, I
CODE_LENGTH = 8
JOIN_CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))  # 40.0
TOKEN_BYTES = 32
MAX_CREDENTIAL_LENGTH = 200  # anything longer is not one of ours; refuse before hashing


def new_join_code() -> str:
    """A fresh random join code, in its canonical form (8 capitals and digits, no dash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: object) -> str | None:
    """The canonical form of a typed code (`abcd-efgh ` -> `ABCDEFGH`), or None if it cannot be
    one (wrong length or a symbol outside the alphabet)."""
    if not isinstance(text, str) or len(text) > MAX_CREDENTIAL_LENGTH:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(symbol not in CODE_ALPHABET for symbol in code):
        return None
    return code


def format_code(code: str) -> str:
    """A canonical code as people read it: `ABCDEFGH` -> `ABCD-EFGH`."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_teacher_token() -> str:
    """A fresh random teacher token (43 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the store keeps of a token: its SHA-256, as 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(presented: object, stored_digest: str) -> bool:
    """True when `presented` is the token whose digest is stored; constant time in its content.

    Anything that is not a non-empty string of a sane length is simply not the token.
    """
    if not isinstance(presented, str) or not presented or len(presented) > MAX_CREDENTIAL_LENGTH:
        return False
    return hmac.compare_digest(token_digest(presented), stored_digest)
