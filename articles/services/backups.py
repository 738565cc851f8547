"""Backups with pictures: an export and the image files it names, in one .zip; and their restore.

    export_article --all -o backup.zip      articles.json (the export) + media/<storage name> files
    import_article backup.zip               the files back into the storage, then the export

An export names its pictures by storage name (``images`` of an article document: the original's
name, alt text, caption, credit and renditions; a section's ``illustration``, an event's ``image``
and a person's ``portrait`` name one of them). A restore writes each file under the same name and
creates the Image rows that are missing, so the pages show the same pictures at the same URLs.
"""

import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles.importing.document import ImportFormatError
from articles.models import Event, Image, Person, Section
from articles.services.snapshot_writer import ImportRejected

DOCUMENT_NAME = "articles.json"
MEDIA_PREFIX = "media/"

# Which field of which model links a picture, and its key in the export.
IMAGE_LINKS = {"sections": (Section, "illustration"), "events": (Event, "image"), "people": (Person, "portrait")}

_TEXT_KEYS = ("alt_text", "caption", "credit")


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


def read_backup(path, *, max_document_bytes, max_file_bytes):
    """Return (the export's bytes, {storage name: bytes}) of a backup zip, or raise ImportFormatError."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFormatError(f"not a backup zip ({error})") from None
    with archive:
        files = {}
        document = None
        for member in archive.infolist():
            if member.is_dir():
                continue
            if member.filename == DOCUMENT_NAME:
                limit = max_document_bytes
            elif member.filename.startswith(MEDIA_PREFIX):
                limit = max_file_bytes
            else:
                raise ImportFormatError(f"unexpected file in the backup: {member.filename!r}")
            if member.file_size > limit:
                raise ImportFormatError(f"{member.filename}: {member.file_size:,} bytes is over the limit of {limit:,}")
            with archive.open(member) as source:
                data = source.read(limit + 1)  # the header's size could lie
            if len(data) > limit:
                raise ImportFormatError(f"{member.filename}: over the limit of {limit:,} bytes")
            if member.filename == DOCUMENT_NAME:
                document = data
            else:
                name = member.filename[len(MEDIA_PREFIX) :]
                parts = PurePosixPath(name).parts
                if not parts or name.startswith("/") or ".." in parts:
                    raise ImportFormatError(f"unsafe file name in the backup: {member.filename!r}")
                files[name] = data
    if document is None:
        raise ImportFormatError(f"the backup holds no {DOCUMENT_NAME}")
    return document, files


def check_images(document, files):
    """Raise ImportFormatError unless every image entry is well formed and, when files are given, present."""
    for name, entry in document_images(document).items():
        for key in _TEXT_KEYS:
            if not isinstance(entry.get(key, ""), str):
                raise ImportFormatError(f"image {name!r}: {key!r} must be text")
        renditions = entry.get("renditions", [])
        if not isinstance(renditions, list) or not all(
            isinstance(rendition, dict) and isinstance(rendition.get("name"), str) for rendition in renditions
        ):
            raise ImportFormatError(f"image {name!r}: 'renditions' must be a list of objects with a name")
        if files is not None:
            missing = [stored for stored in stored_names(entry) if stored not in files]
            if missing:
                raise ImportFormatError(f"image {name!r}: the backup lacks the file {missing[0]!r}")


def restore_images(document, files):
    """Write the image files the storage lacks, create the Image rows that are missing; return
    {file name: Image}.

    Files are written first, so that the image field can read their size: should the import then
    fail, they stay in the storage, unused, and running the restore again finds them in place (a
    file already in the storage must hold the same bytes).
    """
    storage = image_storage()
    images = {}
    for name, entry in document_images(document).items():
        for stored in stored_names(entry):
            if files is None or stored not in files:
                continue
            if storage.exists(stored):
                with storage.open(stored, "rb") as existing:
                    if existing.read() != files[stored]:
                        raise ImportRejected(f"the storage already holds a different file named {stored!r}")
            elif storage.save(stored, ContentFile(files[stored])) != stored:
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
