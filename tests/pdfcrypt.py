"""Encrypt a PDF with AES-256 (PDF 2.0's standard security handler, revision 6), for tests.

The file opens with an empty user password, as decks published "protected against copying"
do. AES is written out here from FIPS-197 (encryption only) so that no cryptography library
is needed to make the file; PDFium's own decryption is what checks it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from rawpdf import assemble


def _sbox() -> list[int]:
    """Return AES's S-box: the inverse in GF(2^8), then the affine map (FIPS-197 5.1.1)."""
    box = [0x63] * 256
    p = q = 1
    while True:
        # p runs through the field's elements by multiplying by 3; q by its inverse, 3^-1.
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09
        rotated = q ^ _rotl(q, 1) ^ _rotl(q, 2) ^ _rotl(q, 3) ^ _rotl(q, 4)
        box[p] = rotated ^ 0x63
        if p == 1:
            return box


def _rotl(byte: int, shift: int) -> int:
    return ((byte << shift) | (byte >> (8 - shift))) & 0xFF


def _xtime(byte: int) -> int:
    return ((byte << 1) ^ (0x1B if byte & 0x80 else 0)) & 0xFF


SBOX = _sbox()
# One table per byte position of MixColumns(SubBytes(x)), as 32-bit column words.
_T0 = [(_xtime(s) << 24) | (s << 16) | (s << 8) | (_xtime(s) ^ s) for s in SBOX]
_T1 = [((t >> 8) | (t << 24)) & 0xFFFFFFFF for t in _T0]
_T2 = [((t >> 16) | (t << 16)) & 0xFFFFFFFF for t in _T0]
_T3 = [((t >> 24) | (t << 8)) & 0xFFFFFFFF for t in _T0]


def _expand(key: bytes) -> list[int]:
    """Return the round keys of a 16- or 32-byte key as 32-bit words (FIPS-197 5.2)."""
    nk = len(key) // 4
    rounds = nk + 6
    words = [int.from_bytes(key[4 * i : 4 * i + 4], "big") for i in range(nk)]
    rcon = 1
    for i in range(nk, 4 * (rounds + 1)):
        word = words[i - 1]
        if i % nk == 0:
            word = ((word << 8) | (word >> 24)) & 0xFFFFFFFF
            word = _sub_word(word) ^ (rcon << 24)
            rcon = _xtime(rcon)
        elif nk > 6 and i % nk == 4:
            word = _sub_word(word)
        words.append(words[i - nk] ^ word)
    return words


def _sub_word(word: int) -> int:
    return int.from_bytes(bytes(SBOX[b] for b in word.to_bytes(4, "big")), "big")


def encrypt_block(keys: Sequence[int], block: bytes) -> bytes:
    """Encrypt one 16-byte block with expanded round keys."""
    rounds = len(keys) // 4 - 1
    s = [int.from_bytes(block[4 * i : 4 * i + 4], "big") ^ keys[i] for i in range(4)]
    for r in range(1, rounds):
        k = keys[4 * r : 4 * r + 4]
        s = [
            _T0[s[c] >> 24]
            ^ _T1[(s[(c + 1) % 4] >> 16) & 0xFF]
            ^ _T2[(s[(c + 2) % 4] >> 8) & 0xFF]
            ^ _T3[s[(c + 3) % 4] & 0xFF]
            ^ k[c]
            for c in range(4)
        ]
    k = keys[4 * rounds :]
    out = bytearray()
    for c in range(4):
        word = (
            (SBOX[s[c] >> 24] << 24)
            | (SBOX[(s[(c + 1) % 4] >> 16) & 0xFF] << 16)
            | (SBOX[(s[(c + 2) % 4] >> 8) & 0xFF] << 8)
            | SBOX[s[(c + 3) % 4] & 0xFF]
        )
        out += (word ^ k[c]).to_bytes(4, "big")
    return bytes(out)


def cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    """Encrypt `data` (a whole number of blocks) in CBC mode."""
    keys = _expand(key)
    out = bytearray()
    previous = iv
    for start in range(0, len(data), 16):
        block = bytes(a ^ b for a, b in zip(data[start : start + 16], previous, strict=True))
        previous = encrypt_block(keys, block)
        out += previous
    return bytes(out)


def _hash_r6(password: bytes, salt: bytes, udata: bytes) -> bytes:
    """Return the revision 6 hash of a password (ISO 32000-2, algorithm 2.B)."""
    k = hashlib.sha256(password + salt + udata).digest()
    rounds = 0
    while True:
        e = cbc(k[:16], k[16:32], (password + k + udata) * 64)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def encrypt_aes256(
    pdf: bytes, user: bytes = b"", owner: bytes = b"owner", *, file_key: bytes = bytes(range(32))
) -> bytes:
    """Return a PDF of `assemble`'s shape (strings only in streams) encrypted with AES-256.

    An empty `user` password lets anyone open the file; `owner` is needed to change it.
    """
    salts = bytes(range(100, 132))
    u = _hash_r6(user, salts[0:8], b"") + salts[0:16]
    ue = cbc(_hash_r6(user, salts[8:16], b""), bytes(16), file_key)
    o = _hash_r6(owner, salts[16:24], u) + salts[16:32]
    oe = cbc(_hash_r6(owner, salts[24:32], u), bytes(16), file_key)
    permissions = (-4 & 0xFFFFFFFF).to_bytes(4, "little") + b"\xff\xff\xff\xffTadb" + b"perm"
    perms = cbc(file_key, bytes(16), permissions)

    def seal(match: re.Match[bytes]) -> bytes:
        data = match.group(2)
        pad = 16 - len(data) % 16
        iv = bytes(range(16))
        sealed = iv + cbc(file_key, iv, data + bytes([pad]) * pad)
        head = re.sub(rb"/Length \d+", b"/Length %d" % len(sealed), match.group(1))
        return head + b"stream\n" + sealed + b"\nendstream"

    body = re.sub(rb"(<<[^<>]*>>\n)stream\n(.*?)\nendstream", seal, pdf, flags=re.S)
    encrypt = (
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /EncryptMetadata true "
        b"/CF << /StdCF << /Type /CryptFilter /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> "
        b"/StmF /StdCF /StrF /StdCF /O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s> >>"
        % tuple(value.hex().encode() for value in (o, u, oe, ue, perms))
    )
    return _append_object(body, encrypt)


def _append_object(pdf: bytes, body: bytes) -> bytes:
    """Rewrite `assemble`'s file with one more object, named /Encrypt in the trailer."""
    objects = [match.group(1) for match in re.finditer(rb"\d+ 0 obj\n(.*?)\nendobj\n", pdf, re.S)]
    identifier = b"<%s>" % (b"ab" * 16)
    trailer = b"/Encrypt %d 0 R /ID [%s %s] " % (len(objects) + 1, identifier, identifier)
    return assemble([*objects, body], trailer)
