"""An upload is refused before decoding when its pixels would take more than the memory budget
(IMAGE_DECODE_BUDGET_BYTES), and the memory an upload takes is measured: the peak resident size
of a fresh process handling it (Pillow's pixel buffers are outside tracemalloc's view)."""

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .factories import UserFactory

MB = 1024 * 1024
MEASURE = """
import io, json, os, resource, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "iopguide.settings.test"
import django
django.setup()
from iopguide.guide.editor_views import UploadRefused, prepare_image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    prepare_image(io.BytesIO(data))
    outcome = "saved"
except UploadRefused as refusal:
    outcome = str(refusal)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_rise_kb": after - before}))
"""


def blank_png(path: Path, width: int, height: int, bit_depth: int, colour_type: int) -> Path:
    """A PNG of zeros, compressed row by row: a few hundred KB on disk however many pixels it
    claims, written without ever holding its pixels in memory."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = b"\x00" * (1 + width * channels * bit_depth // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def measure(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """The report's image: 6000 × 6000, 16-bit RGBA (under the 40-megapixel cap)."""
    return blank_png(tmp_path_factory.mktemp("png") / "bomb.png", 6000, 6000, 16, 6)


def test_the_issue_image_is_small_on_disk_but_over_the_budget(bomb):
    assert bomb.stat().st_size < 1 * MB
    assert settings.IMAGE_DECODE_BUDGET_BYTES < 6000 * 6000 * 4


def test_an_image_over_the_budget_is_refused_before_decoding(bomb):
    measured = measure(bomb)

    assert "6000 × 6000 pixels, which would take more than 64 MB" in measured["outcome"]
    # Only the file's bytes and Pillow's header parsing: nowhere near the 144 MB of pixels.
    assert measured["peak_rise_kb"] * 1024 < 16 * MB


def test_an_image_within_the_budget_is_decoded_within_it(tmp_path):
    photo = blank_png(tmp_path / "photo.png", 3000, 2000, 8, 2)  # 24 MB decoded

    measured = measure(photo)

    assert measured["outcome"] == "saved"
    assert measured["peak_rise_kb"] * 1024 < settings.IMAGE_DECODE_BUDGET_BYTES


@pytest.mark.django_db
def test_the_editor_is_told_why_the_upload_was_refused(client, bomb, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(username="writer", role="Writer"))
    upload = SimpleUploadedFile("big.png", bomb.read_bytes(), content_type="image/png")

    response = client.post(
        reverse("markdownx_upload"), {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 400
    assert "make it smaller" in response.json()["image"][0]
    assert not list(tmp_path.rglob("*.png"))
