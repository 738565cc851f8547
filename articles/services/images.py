"""Uploaded pictures: check them with Pillow, clean them, make their renditions, remove their files.

An upload is judged by its content, never by its name or the type the browser claims: Pillow
must decode the whole of it as a JPEG, PNG or WebP image of at most IMAGE_UPLOAD_MAX_BYTES and
IMAGE_UPLOAD_MAX_PIXELS. Anything else (another format, a file that only pretends to be an image,
a truncated file, a decompression bomb) is a ValidationError with one line for the editor.

What is stored is not the upload itself but a re-encoding of its pixels: turned the way its EXIF
orientation says, converted to sRGB, with no EXIF (so no GPS position or camera serial), no XMP,
no ICC profile and no text chunks. Renditions (WebP and a JPEG fallback, RENDITION_WIDTHS wide,
never wider than the original) are made once, when the file is uploaded, and their names kept in
Image.renditions. Every file goes through the file field's storage (the filesystem by default, an
S3-compatible bucket when configured), by storage name, never by a filesystem path.
"""

import io
import logging
import posixpath
import warnings
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from articles.models import Image

logger = logging.getLogger(__name__)

# Pillow's own guard against decompression bombs, set to the site's limit: an image of more pixels
# warns (an error in read_upload), one of more than twice as many is refused outright.
PillowImage.MAX_IMAGE_PIXELS = settings.IMAGE_UPLOAD_MAX_PIXELS

# Pillow's names of the accepted formats, and the extension each is stored under. MPO is what
# Pillow calls a camera's JPEG that carries extra preview pictures; it is a JPEG file.
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
DECODERS = ("JPEG", "PNG", "WEBP")  # the only Pillow plugins an upload is offered to

RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_FORMATS = {
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
}
ORIGINAL_OPTIONS = {
    "JPEG": {"format": "JPEG", "quality": 90, "optimize": True},
    "PNG": {"format": "PNG"},
    "WEBP": {"format": "WEBP", "quality": 90, "method": 4},
}
RENDITION_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}

# How some formats an editor may try begin, to name them in the error message. Nothing else is read.
OTHER_FORMATS = [
    (0, b"GIF87a", "a GIF"),
    (0, b"GIF89a", "a GIF"),
    (0, b"II*\x00", "a TIFF"),
    (0, b"MM\x00*", "a TIFF"),
    (4, b"ftypheic", "a HEIC"),
    (4, b"ftypheix", "a HEIC"),
    (4, b"ftypmif1", "a HEIF"),
    (4, b"ftypavif", "an AVIF"),
    (0, b"BM", "a BMP"),
    (0, b"%PDF", "a PDF"),
]
ACCEPTED = "a JPEG, PNG or WebP image"


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str  # "webp" or "jpeg"

    def as_json(self):
        return {"name": self.name, "width": self.width, "height": self.height, "format": self.format}


# Checking


def megabytes(size):
    return f"{size / (1024 * 1024):.3g} MB"


def read_upload(upload):
    """Decode the whole of `upload` with Pillow and clean it; return (pixels, format) or raise ValidationError.

    The pixels are upright, sRGB, without metadata (see clean_pixels) and detached from the file;
    `format` is JPEG, PNG or WEBP.
    """
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {megabytes(upload.size)}; the largest image accepted is {megabytes(max_bytes)}.",
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    too_many_pixels = ValidationError(
        f"The image has more than {settings.IMAGE_UPLOAD_MAX_PIXELS / 1e6:g} megapixels, the most accepted; "
        "scale it down and upload it again.",
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(upload, formats=DECODERS) as opened:
                if opened.width * opened.height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                    raise too_many_pixels
                opened.load()  # decodes every pixel: a truncated or corrupt file fails here
                image_format = "JPEG" if opened.format == "MPO" else opened.format
                # The frame just loaded: the first of an animated PNG or WebP; the site shows stills.
                pixels = clean_pixels(opened)
    except ValidationError:
        raise
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        raise too_many_pixels from None
    except UnidentifiedImageError:
        raise ValidationError(
            f"The file is {format_named(head) or 'not an image this site can read'}; upload {ACCEPTED}.",
            code="unsupported_format",
        ) from None
    except Exception as error:  # Pillow raises many kinds on a damaged file; each one means the same
        raise ValidationError(
            f"The file is damaged or incomplete and cannot be read as {ACCEPTED}; export it again.",
            code="damaged_image",
        ) from error
    finally:
        upload.seek(0)
    return pixels, image_format


# What Pillow reports of a file's metadata (EXIF, colour profile, XMP, comments, IPTC, text chunks).
METADATA_KEYS = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "adobe_transform"}
FORMAT_EXTENSIONS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "WEBP": {"webp"}}


def restored_picture(name, data, rendition=None):
    """Return the bytes to store for the picture ``name`` of a backup, or raise ValidationError.

    Checked as an upload (read_upload): a JPEG, PNG or WebP that Pillow decodes whole, within the
    limits, and of the format its name's extension says. A file as this site stores them (no
    metadata) is kept byte for byte, so a restored site has the same files; one with metadata is
    re-encoded without it, as an upload is. A ``rendition`` (its entry in the export) must have
    the width, height and format the entry says.
    """
    pixels, image_format = read_upload(ContentFile(data, name=posixpath.basename(name)))
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    if extension not in FORMAT_EXTENSIONS[image_format]:
        raise ValidationError(f"the file is a {image_format} image but its name ends in .{extension}")
    if rendition is not None:
        expected = (rendition["width"], rendition["height"], RENDITION_FORMATS[rendition["format"]]["format"])
        if (*pixels.size, image_format) != expected:
            raise ValidationError(
                f"the rendition is a {pixels.width}×{pixels.height} {image_format}, not the "
                f"{expected[0]}×{expected[1]} {expected[2]} the export says"
            )
    with PillowImage.open(io.BytesIO(data)) as opened:
        clean = not (METADATA_KEYS & set(opened.info)) and not getattr(opened, "text", None) and not opened.getexif()
    if clean:
        return data
    options = RENDITION_FORMATS[rendition["format"]] if rendition is not None else ORIGINAL_OPTIONS[image_format]
    return encode(pixels, options)


def format_named(head):
    for offset, signature, name in OTHER_FORMATS:
        if head[offset : offset + len(signature)] == signature:
            return f"{name} file"
    return None


# Cleaning


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def clean_pixels(image):
    """Turn the picture upright, convert it to sRGB (RGB, or RGBA when it has transparency), drop metadata."""
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.has_transparency_data else "RGB"
    profile = image.info.get("icc_profile")
    converted = None
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            converted = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.info("Dropped an ICC profile that could not be applied.")
    image = converted or image.convert(mode)
    # convert() and profileToProfile() carry the source's info (EXIF, XMP, ICC, comments) along;
    # encoders write some of it unasked, so none of it is kept.
    image.info = {}
    return image


def encode(image, options):
    if options["format"] == "JPEG" and image.mode == "RGBA":
        image = flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def flatten(image):
    """Lay a transparent picture on white, for JPEG, which has no transparency."""
    background = PillowImage.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def rendition_widths(width):
    """RENDITION_WIDTHS narrower than the original, and the original's own width if narrower than the widest."""
    widths = [target for target in RENDITION_WIDTHS if target < width]
    if width <= RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths


def resized(image, width):
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), PillowImage.Resampling.LANCZOS, reducing_gap=3.0)


def upload_stem(upload):
    stem = posixpath.splitext(posixpath.basename((upload.name or "").replace("\\", "/")))[0]
    return stem[:50] or "image"


# Storing and removing


def image_storage():
    return Image._meta.get_field("file").storage


def stored_names(image):
    """Every storage name of an Image: its original and its renditions."""
    names = [image.file.name] if image.file.name else []
    return names + [rendition["name"] for rendition in image.renditions]


def store_upload(image, upload):
    """Store the cleaned original and the renditions of ``upload`` as ``image``'s file (the row is
    not saved); return the names stored.

    A storage that cannot take them (a read-only or full media folder) is a ValidationError for
    the editor's form, and no file of the upload is left behind, not even a partly written one.
    """
    pixels, image_format = read_upload(upload)
    storage = image_storage()
    stored = []
    try:
        name = image.file.field.generate_filename(image, f"{upload_stem(upload)}.{EXTENSIONS[image_format]}")
        image.file = save_file(storage, name, ContentFile(encode(pixels, ORIGINAL_OPTIONS[image_format])), stored)
        renditions = store_renditions(storage, pixels, image.file.name, stored)
    except OSError as error:
        delete_files(storage, stored)
        logger.error("Could not store an uploaded image: %s", error)
        raise ValidationError(
            f"The picture could not be stored ({error.strerror or type(error).__name__}); nothing was saved. "
            "Try again later, or tell an administrator that the media folder refuses files.",
            code="storage_refused",
        ) from None
    except BaseException:
        delete_files(storage, stored)
        raise
    image.width, image.height = pixels.size
    image.renditions = [rendition.as_json() for rendition in renditions]
    return stored


def image_save(*, image, upload=None, stored=()):
    """Save `image`; with a new `upload`, first store its cleaned original and its renditions
    (:func:`store_upload`; ``stored``: the names it returned, when the form stored them already).

    The files that the upload replaces are removed once the transaction commits (a rollback keeps
    the row pointing at them, so they must stay until then); the new files are removed at once if
    the row cannot be saved.
    """
    storage = image_storage()
    stored = list(stored)
    replaced = []
    if image.pk and (upload is not None or stored):
        replaced = [name for previous in Image.objects.filter(pk=image.pk) for name in stored_names(previous)]
    if upload is not None:
        stored = store_upload(image, upload)
    try:
        image.full_clean()
        image.save()
    except BaseException:
        delete_files(storage, stored)
        raise
    delete_files_on_commit(storage, replaced)
    return image


def save_file(storage, name, content, stored):
    """Save ``content`` under ``name`` (or the free name the storage picks); append the name to ``stored``.

    A storage that fails while writing (a full disk) can leave the part it wrote: that part, under
    the name the storage was about to take, is removed before the error goes on.
    """
    name = storage.get_available_name(name)
    try:
        saved = storage.save(name, content)
    except OSError:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("Could not remove the partly written image file %s", name)
        raise
    stored.append(saved)
    return saved


def store_renditions(storage, pixels, original_name, stored):
    """Save every rendition of `pixels` beside the original; append each name to `stored` once saved."""
    root = posixpath.splitext(original_name)[0]
    renditions = []
    for width in rendition_widths(pixels.width):
        picture = resized(pixels, width)
        for kind, options in RENDITION_FORMATS.items():
            name = save_file(
                storage, f"{root}-{width}w.{RENDITION_EXTENSIONS[kind]}", ContentFile(encode(picture, options)), stored
            )
            renditions.append(Rendition(name, picture.width, picture.height, kind))
    return renditions


def delete_files(storage, names):
    """Remove stored files; one that cannot be removed is logged, not raised (the others still go)."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not remove the stored image file %s", name)


def delete_files_on_commit(storage, names):
    if names:
        transaction.on_commit(partial(delete_files, storage, list(names)), robust=True)


def image_files_delete(image):
    """Remove a deleted Image's original and renditions once the deletion is committed."""
    delete_files_on_commit(image_storage(), stored_names(image))


# Showing


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs: a fallback src, srcsets per format, the intrinsic size."""

    src: str
    width: int | None
    height: int | None
    webp_srcset: str
    jpeg_srcset: str


def picture(image):
    """Describe how to show `image` (None when there is nothing to show); builds URLs, runs no query."""
    if image is None or not image.file.name:
        return None
    storage = image_storage()
    by_format = {"webp": [], "jpeg": []}
    for rendition in sorted(image.renditions, key=lambda rendition: rendition["width"]):
        by_format.setdefault(rendition["format"], []).append(rendition)

    def srcset(renditions):
        return ", ".join(f"{storage.url(rendition['name'])} {rendition['width']}w" for rendition in renditions)

    if not by_format["jpeg"]:  # made outside image_save(): show the original as it is
        return Picture(image.file.url, image.width, image.height, "", "")
    largest = by_format["jpeg"][-1]
    return Picture(
        storage.url(largest["name"]),
        largest["width"],
        largest["height"],
        srcset(by_format["webp"]),
        srcset(by_format["jpeg"]),
    )


def thumbnail(image):
    """Describe the smallest rendition of `image` (None when there is nothing to show), for a small
    picture such as a preview card's portrait: ``src`` a JPEG, ``webp_srcset`` the WebP's URL alone."""
    shown = picture(image)
    if shown is None or not shown.jpeg_srcset:
        return shown
    by_format = {}
    for rendition in sorted(image.renditions, key=lambda rendition: rendition["width"], reverse=True):
        by_format[rendition["format"]] = rendition
    storage = image_storage()
    smallest = by_format["jpeg"]
    webp = by_format.get("webp")
    return Picture(
        storage.url(smallest["name"]),
        smallest["width"],
        smallest["height"],
        storage.url(webp["name"]) if webp else "",
        "",
    )
