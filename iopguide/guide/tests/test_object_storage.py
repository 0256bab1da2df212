"""Uploads in S3-compatible object storage (django-storages), against a real S3 server on
loopback (moto's standalone server): the same checks and re-encoding as on disk, served from our
own /media/ address with the same headers, so every app server sees every image."""

import os
import socket
import subprocess
import sys
import time
import uuid
from io import BytesIO
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from PIL import Image

from .test_permissions import AJAX, UPLOAD, image_file

pytestmark = pytest.mark.django_db

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3-compatible server on a port the OS hands out, for this module."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.1)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the site's default storage pointed at it."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
        **CREDENTIALS,
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "location": "media",  # the bucket may hold other things beside the uploads
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    return client, name


def stored_keys(bucket) -> list[str]:
    client, name = bucket
    return [item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])]


def test_an_upload_is_re_encoded_into_the_bucket_and_linked_on_our_own_site(
    writer, signed_in, bucket, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # nothing may land on the app server's disk
    settings.MARKDOWNX_IMAGE_MAX_SIZE = {"size": (20, 20), "quality": 85}
    response = signed_in(writer).post(UPLOAD, {"image": image_file(size=(80, 60))}, **AJAX)
    assert response.status_code == 200
    code = response.json()["image_code"]
    [key] = stored_keys(bucket)
    assert key.startswith("media/guide/") and key.endswith(".png")
    assert code == f"![](/media/{key.removeprefix('media/')})"  # MEDIA_URL, not the bucket
    client, name = bucket
    stored = Image.open(BytesIO(client.get_object(Bucket=name, Key=key)["Body"].read()))
    assert stored.format == "PNG" and max(stored.size) <= 20
    assert not list(tmp_path.rglob("*.*"))


def test_an_upload_that_is_not_an_image_never_reaches_the_bucket(writer, signed_in, bucket):
    upload = image_file()
    upload.file = BytesIO(b"<svg onload=alert(1)>")
    assert signed_in(writer).post(UPLOAD, {"image": upload}, **AJAX).status_code == 400
    assert stored_keys(bucket) == []


def test_images_in_the_bucket_are_served_with_the_usual_safety_headers(client, bucket):
    bucket_client, name = bucket
    bucket_client.put_object(Bucket=name, Key="media/guide/a.png", Body=b"\x89PNG fake")
    response = client.get("/media/guide/a.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG fake"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path", ["/media/guide/missing.png", "/media/%2e%2e/secret.png", "/media/guide/a.html"]
)
def test_the_bucket_serves_nothing_missing_outside_media_or_other_than_images(client, bucket, path):
    bucket_client, name = bucket
    bucket_client.put_object(Bucket=name, Key="media/guide/a.html", Body=b"<script>")
    bucket_client.put_object(Bucket=name, Key="secret.png", Body=b"\x89PNG")
    assert client.get(path).status_code == 404


def test_a_bucket_in_the_environment_selects_object_storage():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iopguide.settings.dev",
        "AWS_STORAGE_BUCKET_NAME": "iopguide-media",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.STORAGES['default']['BACKEND'], settings.AWS_S3_ENDPOINT_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "http://127.0.0.1:9000"]
