"""The markdown editor's endpoints (preview and image upload, under the URL names
django-markdownx's JavaScript expects) and the serving of uploaded images.

markdownx's own views check no login, answer 500 to a request without `content`, and trust the
browser's content type and file name; these check the edit permission, read the image itself,
and always answer JSON or a plain error.
"""

import uuid
from functools import wraps
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    JsonResponse,
)
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from PIL import Image, UnidentifiedImageError

from .markdown import render_markdown
from .workflow import can_edit

# Pillow format → file extension: the formats that can be accepted (settings narrow them) and
# served.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A small file can still unpack to a huge bitmap; refuse before decoding it.
MAX_PIXELS = 40_000_000
SERVED_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def editor_required(view):
    """Signed-in staff who may edit articles; everyone else gets 403 (these are AJAX calls,
    so a redirect to a sign-in page would only confuse the editor's JavaScript)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff and can_edit(user)):
            return HttpResponseForbidden("You need permission to edit articles.")
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@editor_required
def preview(request):
    """The live preview: the same renderer as the public page."""
    return HttpResponse(render_markdown(request.POST.get("content", "")[:200_000]))


@require_POST
@editor_required
def upload(request):
    """Accepts a JPEG, PNG or WebP image up to MARKDOWNX_UPLOAD_MAX_SIZE, shrinks it to fit
    MARKDOWNX_IMAGE_MAX_SIZE, re-encodes it (dropping metadata such as GPS positions) and
    answers the markdown to insert."""
    upload = request.FILES.get("image")
    if upload is None:
        return _upload_error("Choose an image to upload.")
    if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)
        return _upload_error(f"The image is too large: the limit is {limit} MB.")
    try:
        encoded, image_format = prepare_image(upload)
    except UploadRefused as refusal:
        return _upload_error(str(refusal))
    name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}"
    saved = default_storage.save(name, ContentFile(encoded))
    # Empty alt text on purpose: the quality checks flag it until the editor describes it.
    # Our own /media/ address, not the storage's: readers' browsers fetch nothing elsewhere.
    return JsonResponse({"image_code": f"![]({reverse('media', args=[saved])})"})


class UploadRefused(Exception):
    """The upload is not an image we take; the message is for the editor."""


def decoded_size(image: Image.Image) -> int:
    """Bytes Pillow needs to hold `image` decoded, from its header alone: it stores 1 byte a
    pixel for 1-bit, greyscale and palette images, 2 for 16-bit greyscale, 4 for the rest
    (RGB too; a 16-bit RGBA PNG is decoded to 8 bits a channel)."""
    if image.mode in {"1", "L", "P"}:
        per_pixel = 1
    elif image.mode.startswith("I;16"):
        per_pixel = 2
    else:
        per_pixel = 4
    return image.width * image.height * per_pixel


def prepare_image(upload) -> tuple[bytes, str]:
    """(re-encoded bytes, Pillow format) of an uploaded JPEG, PNG or WebP, shrunk to fit
    MARKDOWNX_IMAGE_MAX_SIZE. Refuses, before decoding anything, an image whose pixels alone
    would take more than IMAGE_DECODE_BUDGET_BYTES of memory."""
    max_size = settings.MARKDOWNX_IMAGE_MAX_SIZE["size"]
    try:
        image = Image.open(upload)
        image_format = image.format
        if not _accepted(image_format):
            raise UploadRefused("Upload a JPEG, PNG or WebP image.")
        if image.width * image.height > MAX_PIXELS:
            raise UploadRefused("The image has too many pixels: make it smaller first.")
        # A JPEG can be decoded straight at a fraction of its size (1/2 to 1/8).
        image.draft("RGB", max_size)
        budget = settings.IMAGE_DECODE_BUDGET_BYTES
        if decoded_size(image) > budget:
            raise UploadRefused(
                f"The image is {image.width} × {image.height} pixels, which would take more "
                f"than {budget // (1024 * 1024)} MB to open: make it smaller (for example "
                "1600 pixels wide) and upload it again."
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise UploadRefused("That file is not an image we can read.") from None
    image.thumbnail(max_size)
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    encoded = BytesIO()
    image.save(encoded, image_format, quality=settings.MARKDOWNX_IMAGE_MAX_SIZE["quality"])
    return encoded.getvalue(), image_format


@require_safe
def serve_upload(request, path):
    """Uploaded images, from our own origin whatever the storage (the site's disk, or object
    storage when AWS_STORAGE_BUCKET_NAME is set): only image files under the media location."""
    extension = Path(path).suffix.lower().lstrip(".")
    if extension not in SERVED_TYPES or ".." in Path(path).parts:
        raise Http404
    try:
        upload = default_storage.open(path, "rb")
    except SuspiciousOperation:  # an attempt to leave the media location
        raise Http404 from None
    except OSError:  # missing, a folder, or a name the file system cannot hold (too long)
        raise Http404 from None
    response = FileResponse(upload, content_type=SERVED_TYPES[extension])
    # Names are random and never reused, so browsers (and the edge cache) may keep them a year.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _accepted(image_format: str | None) -> bool:
    """An image format we can name and serve, and that MARKDOWNX_UPLOAD_CONTENT_TYPES allows
    (checked on the decoded image, never on the type the browser declared)."""
    mime_type = Image.MIME.get(image_format or "")
    return image_format in IMAGE_FORMATS and mime_type in settings.MARKDOWNX_UPLOAD_CONTENT_TYPES


def _upload_error(message):
    return JsonResponse({"image": [message]}, status=400)
