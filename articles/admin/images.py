"""The editors' admin for images: upload, check, describe; the files are cleaned and resized on save.

Imported at the end of articles/admin/content.py, so that the admin autodiscovery registers it.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from articles.admin.deletion import ImageDeletionMixin
from articles.admin.drafts import WorkingCopyAdmin
from articles.admin.history import HistoryAdmin
from articles.admin.versioned import VersionedAdminMixin
from articles.editorial.forms import VersionedModelForm
from articles.models import Image
from articles.services import images


class UploadedImageField(forms.FileField):
    """A file that Pillow reads in full as a JPEG, PNG or WebP image within the size limits.

    Unlike forms.ImageField, it judges by content alone, says what is wrong in one line, and gives the
    upload the extension of what it really is (a PNG named photo.jpg becomes photo.png), so that the
    model's extension check agrees with the content.
    """

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        _, image_format = images.read_upload(upload)
        upload.name = f"{images.upload_stem(upload)}.{images.EXTENSIONS[image_format]}"
        return upload


class ImageForm(VersionedModelForm):
    file = UploadedImageField(
        label="Image file",
        help_text=(
            f"A JPEG, PNG or WebP picture of at most {images.megabytes(settings.IMAGE_UPLOAD_MAX_BYTES)} and "
            f"{settings.IMAGE_UPLOAD_MAX_PIXELS / 1e6:g} megapixels. Its EXIF and GPS data are removed and it is "
            "turned upright; smaller copies for phones and wide screens are made once, on saving."
        ),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
        widgets = {"alt_text": forms.TextInput(attrs={"size": 80})}

    stored_files = ()

    def new_upload(self):
        """The file just uploaded, or None when the form keeps the image's file."""
        return self.cleaned_data.get("file") if "file" in self.changed_data else None

    def full_clean(self):
        """Validate, then store the upload's files: a media folder that refuses them (read-only,
        full) is an error on the file field, and the form comes back with what the editor typed."""
        super().full_clean()
        if not self.is_bound or self.errors or self.new_upload() is None:
            return
        try:
            self.stored_files = images.store_upload(self.instance, self.new_upload())
        except ValidationError as error:
            self.add_error("file", error)

    def save(self, commit=True):
        image = super().save(commit=False)
        if commit:
            images.image_save(image=image, stored=self.stored_files)
        return image


def thumbnail(image, height=48):
    """A small <img> of `image` for the admin (its narrowest rendition), or "" when it has no file."""
    if image is None or not image.file.name:
        return ""
    narrowest = min(image.renditions, key=lambda rendition: rendition["width"], default=None)
    src = images.image_storage().url(narrowest["name"]) if narrowest else image.file.url
    return format_html('<img src="{}" alt="" height="{}" loading="lazy">', src, height)


STORED_FILE_FIELDS = ["file", "width", "height", "renditions"]


@admin.register(Image)
class ImageAdmin(ImageDeletionMixin, WorkingCopyAdmin, VersionedAdminMixin, HistoryAdmin):
    """Images are always live; their alt text, caption and credit can wait in a working copy."""

    form = ImageForm
    list_display = ["thumbnail_column", "alt_text", "caption", "credit", "size", "publication_state", "updated_at"]
    list_display_links = ["alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_per_page = 50
    readonly_fields = ["preview", "size", "rendition_list", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["preview", "file", "alt_text", "caption", "credit"]}),
        ("Stored files", {"classes": ["collapse"], "fields": ["size", "rendition_list", "created_at", "updated_at"]}),
    ]

    def save_live(self, request, obj, form, change):
        self.prepare_save(obj, form, change)
        images.image_save(image=obj, stored=form.stored_files)  # the form stored the upload's files

    def keep_bookkeeping(self, old_version):
        # A replaced or deleted picture's files are removed: a restore brings back the words, not them.
        super().keep_bookkeeping(old_version)
        current = Image.objects.filter(pk=old_version.pk).values(*STORED_FILE_FIELDS).first()
        for name, value in (current or {}).items():
            setattr(old_version, name, value)

    # The thumbnail's alt text is empty: the alt text is the next column, and says it once.
    @admin.display(description="image")
    def thumbnail_column(self, obj):
        return thumbnail(obj)

    @admin.display(description="current image")
    def preview(self, obj):
        return thumbnail(obj, height=160) or self.get_empty_value_display()

    @admin.display(description="size (pixels)")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else self.get_empty_value_display()

    @admin.display(description="renditions")
    def rendition_list(self, obj):
        return ", ".join(f"{rendition['width']} px {rendition['format']}" for rendition in obj.renditions) or (
            self.get_empty_value_display()
        )
