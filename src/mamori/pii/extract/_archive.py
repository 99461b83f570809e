"""ZIP archives and the ZIP packages of Office files, read within limits.

Every member is checked before it is read: encrypted members, members that expand more
than `max_ratio` times (beyond `ratio_floor_bytes`), and members that would take the
top-level file past `max_total_uncompressed` make the file unscannable. A ZIP archive's
members are extracted recursively (up to `max_depth`); its text is, per file member, the
member's path on one line, then its text, then LF if the text does not end with one.
"""

from __future__ import annotations

import io
import zipfile

from mamori.pii._model import Location, Region
from mamori.pii.extract._common import Context, Part, Unscannable, human_size, shift

_CHUNK = 1 * 1024 * 1024


def open_zip(data: bytes, ctx: Context, what: str = "ZIP archive") -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise Unscannable(
            f"corrupt: {what} cannot be opened ({err}); the file may be truncated, "
            "copy it again from the original"
        ) from err
    infos = archive.infolist()
    if len(infos) > ctx.limits.max_members:
        raise Unscannable(
            f"too many members: {what} holds {len(infos):,} entries, more than the "
            f"{ctx.limits.max_members:,} limit; split it"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise Unscannable(
                f"encrypted: {what} member {info.filename} is password-protected; "
                "decrypt it or scan the original"
            )
    return archive


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: Context, what: str = "ZIP archive"
) -> bytes:
    """A member's bytes, refusing bombs before and while reading."""
    limits = ctx.limits
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > limits.ratio_floor_bytes and size / packed > limits.max_ratio:
        raise Unscannable(
            f"zip bomb: {what} member {info.filename} expands {size / packed:,.0f} times "
            f"({human_size(packed)} → {human_size(size)}), more than the "
            f"{limits.max_ratio:,.0f}× limit; do not open it"
        )
    if size > limits.max_file_bytes:
        raise Unscannable(
            f"too large: {what} member {info.filename} is {human_size(size)}, over the "
            f"{human_size(limits.max_file_bytes)} limit; split it"
        )
    _charge(ctx, size, what)
    out = io.BytesIO()
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                if read > size:
                    raise Unscannable(
                        f"zip bomb: {what} member {info.filename} holds more than the "
                        f"{human_size(size)} it declares; do not open it"
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise Unscannable(
            f"corrupt: {what} member {info.filename} cannot be read ({err}); the file "
            "may be truncated, copy it again from the original"
        ) from err
    except RuntimeError as err:  # zipfile: "File … is encrypted, password required"
        raise Unscannable(
            f"encrypted: {what} member {info.filename} is password-protected; "
            "decrypt it or scan the original"
        ) from err
    return out.getvalue()


def _charge(ctx: Context, size: int, what: str) -> None:
    ctx.budget.uncompressed += size
    limit = ctx.limits.max_total_uncompressed
    if ctx.budget.uncompressed > limit:
        raise Unscannable(
            f"zip bomb: {what} expands to more than {human_size(limit)} in total; "
            "unpack it in a safe place and scan the parts"
        )


def extract_zip(data: bytes, ctx: Context) -> Part:
    archive = open_zip(data, ctx)
    pieces: list[str] = []
    regions: list[Region] = []
    size = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            inner = ctx.child(read_member(archive, info, ctx), name)
            pieces.append(name + "\n")
            size += len(name) + 1
            regions += shift(inner.regions, size, name)
            regions.append(Region(size, size + len(inner.text), Location(part=name)))
            text = inner.text if inner.text.endswith("\n") or not inner.text else inner.text + "\n"
            pieces.append(text)
            size += len(text)
            ctx.check_text(size)
    regions.sort(key=lambda r: (r.start, -r.end))
    return Part("".join(pieces), regions, "application/zip")
