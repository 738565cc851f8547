"""Backups with pictures: an export and the image files it names, in one .zip; and their restore.

    export_article --all -o backup.zip      articles.json (the export) + media/<storage name> files
    import_article backup.zip               the files back into the storage, then the export

An export names its pictures by storage name (``images`` of an article document: the original's
name, alt text, caption, credit and renditions; a section's ``illustration``, an event's ``image``
and a person's ``portrait`` name one of them). A restore writes each file under the same name and
creates the Image rows that are missing, so the pages show the same pictures at the same URLs.
"""

import zipfile
import zlib
from collections import Counter
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles.importing.document import ImportFormatError
from articles.models import Event, Image, Person, Section
from articles.services.images import RENDITION_FORMATS, restored_picture
from articles.services.snapshot_writer import ImportRejected

DOCUMENT_NAME = "articles.json"
MEDIA_PREFIX = "media/"

# Which field of which model links a picture, and its key in the export.
IMAGE_LINKS = {"sections": (Section, "illustration"), "events": (Event, "image"), "people": (Person, "portrait")}

_TEXT_KEYS = ("alt_text", "caption", "credit")

# What a backup may hold at most: its files, their bytes once uncompressed, and how much a file
# may have been compressed (pictures are stored as they are, JSON deflates about 5 to 1; a
# zip bomb deflates a thousand to one). Past any of them the archive is refused before use.
MAX_MEMBERS = 50_000
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024  # a small file's ratio says nothing
_CHUNK = 1024 * 1024
# What reading a damaged or unusual archive member raises.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)


def image_storage():
    return Image._meta.get_field("file").storage


def image_entry(image):
    """The part of an export that describes one picture."""
    return {
        "file": image.file.name,
        **{key: getattr(image, key) for key in _TEXT_KEYS},
        "renditions": image.renditions,
    }


def stored_names(entry):
    return [entry["file"], *(rendition["name"] for rendition in entry.get("renditions", []))]


def document_images(document):
    """The image entries of a document (one article, or a collection), each once, by file name."""
    items = document.get("articles", [document]) if isinstance(document, dict) else []
    images = {}
    for item in items:
        for entry in item.get("images", []) if isinstance(item, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                images.setdefault(entry["file"], entry)
    return images


def write_backup(document, text, output):
    """Write the export ``text`` and every image file its document names into the zip ``output``."""
    storage = image_storage()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT_NAME, text)
        for name in sorted({name for entry in document_images(document).values() for name in stored_names(entry)}):
            with storage.open(name, "rb") as source:
                # Pictures are compressed already: stored as they are.
                archive.writestr(MEDIA_PREFIX + name, source.read(), compress_type=zipfile.ZIP_STORED)


def read_backup(path, folder, *, max_document_bytes, max_file_bytes):
    """Return (the export's bytes, {storage name: the file's path in ``folder``}) of a backup zip,
    or raise ImportFormatError with one line.

    Members are streamed to ``folder`` (a temporary folder of the caller's), never held in memory,
    and counted as they are read, whatever their headers say; each is written under a name of its
    own (its number), never under the archive's name for it.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFormatError(f"not a backup zip ({error})") from None
    max_total_bytes = MAX_TOTAL_BYTES
    with archive:
        members = [member for member in archive.infolist() if not member.is_dir()]
        _check_members(members, max_total_bytes)
        files, document, total = {}, None, 0
        for number, member in enumerate(members):
            limit = _member_limit(member, max_document_bytes, max_file_bytes)
            target = folder / str(number)
            try:
                with archive.open(member) as source, open(target, "wb") as copy:
                    written = 0
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        total += len(chunk)
                        if written > limit:
                            raise ImportFormatError(f"{member.filename}: over the limit of {limit:,} bytes")
                        if total > max_total_bytes:
                            raise ImportFormatError(f"the backup holds over {max_total_bytes:,} bytes uncompressed")
                        copy.write(chunk)
            except ImportFormatError:
                raise
            except _ZIP_ERRORS as error:
                raise ImportFormatError(f"{member.filename}: damaged in the backup ({error})") from None
            if member.filename == DOCUMENT_NAME:
                document = target.read_bytes()
            else:
                files[member.filename[len(MEDIA_PREFIX) :]] = target
    if document is None:
        raise ImportFormatError(f"the backup holds no {DOCUMENT_NAME}")
    return document, files


def _check_members(members, max_total_bytes):
    """Refuse an archive by its directory: too many files, a name twice, too many bytes announced."""
    if len(members) > MAX_MEMBERS:
        raise ImportFormatError(f"the backup holds {len(members):,} files, over the limit of {MAX_MEMBERS:,}")
    twice = [name for name, count in Counter(member.filename for member in members).items() if count > 1]
    if twice:
        raise ImportFormatError(f"the backup holds {twice[0]!r} more than once")
    announced = sum(member.file_size for member in members)
    if announced > max_total_bytes:
        raise ImportFormatError(
            f"the backup holds {announced:,} bytes uncompressed, over the limit of {max_total_bytes:,}"
        )
    for member in members:
        if member.file_size >= _RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ImportFormatError(
                f"{member.filename}: compressed over {MAX_COMPRESSION_RATIO} to 1, more than a backup's files are"
            )


def _member_limit(member, max_document_bytes, max_file_bytes):
    """Return the most bytes the member may hold, after checking its name."""
    if member.filename == DOCUMENT_NAME:
        limit = max_document_bytes
    elif member.filename.startswith(MEDIA_PREFIX):
        limit = max_file_bytes
        if not is_safe_name(member.filename[len(MEDIA_PREFIX) :]):
            raise ImportFormatError(f"unsafe file name in the backup: {member.filename!r}")
    else:
        raise ImportFormatError(f"unexpected file in the backup: {member.filename!r}")
    if member.file_size > limit:
        raise ImportFormatError(f"{member.filename}: {member.file_size:,} bytes is over the limit of {limit:,}")
    return limit


def is_safe_name(name):
    """Whether a storage name stays inside the media folder: relative, no "..", no drive or backslash."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and not any(c in name for c in "\\:\x00")


def check_images(document, files):
    """Raise ImportFormatError unless every image entry is well formed and, when files are given, present."""
    for name, entry in document_images(document).items():
        if not is_safe_name(name):
            raise ImportFormatError(f"image {name!r}: not a file name inside the media folder")
        for key in _TEXT_KEYS:
            if not isinstance(entry.get(key, ""), str):
                raise ImportFormatError(f"image {name!r}: {key!r} must be text")
        renditions = entry.get("renditions", [])
        if not isinstance(renditions, list) or not all(_is_rendition(rendition) for rendition in renditions):
            raise ImportFormatError(
                f"image {name!r}: 'renditions' must be a list of objects with a name, a width, a height and a format"
            )
        if not all(is_safe_name(rendition["name"]) for rendition in renditions):
            raise ImportFormatError(f"image {name!r}: a rendition's name is not a file name inside the media folder")
        if files is not None:
            missing = [stored for stored in stored_names(entry) if stored not in files]
            if missing:
                raise ImportFormatError(f"image {name!r}: the backup lacks the file {missing[0]!r}")


def _is_rendition(rendition):
    return (
        isinstance(rendition, dict)
        and isinstance(rendition.get("name"), str)
        and all(type(rendition.get(key)) is int and 0 < rendition[key] <= 100_000 for key in ("width", "height"))
        and rendition.get("format") in RENDITION_FORMATS
    )


def restore_images(document, files):
    """Write the image files the storage lacks, create the Image rows that are missing; return
    {file name: Image}.

    Every file is checked as an upload is (images.restored_picture): a JPEG, PNG or WebP that
    Pillow decodes whole, of the format its name says, within the upload limits; one that carries
    metadata is re-encoded without it; a rendition must have the size and format the export says.
    Files are written first, so that the image field can read their size: should the import then
    fail, they stay in the storage, unused, and running the restore again finds them in place (a
    file already in the storage must hold the same bytes).
    """
    storage = image_storage()
    images = {}
    for name, entry in document_images(document).items():
        renditions = {rendition["name"]: rendition for rendition in entry.get("renditions", [])}
        for stored in stored_names(entry):
            if files is None or stored not in files:
                continue
            try:
                data = restored_picture(stored, files[stored].read_bytes(), renditions.get(stored))
            except ValidationError as error:
                raise ImportRejected(f"image {stored!r}: {' '.join(error.messages)}") from None
            if storage.exists(stored):
                with storage.open(stored, "rb") as existing:
                    if existing.read() != data:
                        raise ImportRejected(f"the storage already holds a different file named {stored!r}")
            elif storage.save(stored, ContentFile(data)) != stored:
                raise ImportRejected(f"the storage would not take the name {stored!r}")
        image = Image.objects.filter(file=name).first()
        if image is None:
            if not storage.exists(name):
                raise ImportRejected(f"image {name!r} is not in the storage: restore the .zip backup that holds it")
            image = Image(file=name, **{key: entry.get(key, "") for key in _TEXT_KEYS})
            image.renditions = entry.get("renditions", [])
            try:
                image.full_clean(exclude=["file"])
            except ValidationError as error:
                raise ImportRejected(f"image {name!r}: {'; '.join(error.messages)}") from None
            image.save()
        images[name] = image
    return images


def link_images(records_by_part, images):
    """Point sections, events and people at the pictures the export names for them."""
    for part, (model, field_name) in IMAGE_LINKS.items():
        for lookup, file_name in records_by_part.get(part, []):
            image = images.get(file_name)
            if image is None:
                raise ImportFormatError(f"{part}: {field_name} {file_name!r} is not in the export's images")
            model.objects.filter(**lookup).exclude(**{field_name: image}).update(**{field_name: image})
