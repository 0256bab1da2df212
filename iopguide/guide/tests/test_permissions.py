"""Each role may do exactly its part; preview, upload, history and restore refuse everyone else."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from iopguide.guide.models import Article

from .conftest import admin_form_data, change_url
from .factories import ArticleFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

PREVIEW = reverse("markdownx_markdownify")
UPLOAD = reverse("markdownx_upload")
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def image_file(image_format="PNG", size=(40, 30), name="photo.png"):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def permissions_of(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_roles_have_exactly_the_permissions_of_their_job():
    assert permissions_of("Writer") == {
        "guide.view_article",
        "guide.add_article",
        "guide.change_article",
        "guide.submit_article",
    }
    assert permissions_of("Medical reviewer") == {
        "guide.view_article",
        "guide.change_article",
        "guide.review_article",
        "guide.publish_article",
    }
    assert permissions_of("Directory editor") == {
        "directory.view_facility",
        "directory.add_facility",
        "directory.change_facility",
        "directory.view_problemreport",
        "directory.change_problemreport",
        "directory.view_programupdate",
        "directory.change_programupdate",
        "directory.approve_programupdate",
        "directory.view_listingfact",
        "directory.view_duerecheck",
    }


# Preview ---------------------------------------------------------------------------------


def test_preview_renders_markdown_with_the_public_pipeline_for_a_writer(writer, signed_in):
    response = signed_in(writer).post(PREVIEW, {"content": "## Hi\n\n<script>x()</script>"})
    assert response.status_code == 200
    assert b'<h2 id="hi">Hi</h2>' in response.content
    assert b"<script" not in response.content


def test_preview_is_exactly_the_html_readers_get(writer, signed_in):
    table = "| Plan | Pays |\n|:--|--:|\n| Medicaid | most |"
    article = ArticleFactory(body=f"## Costs\n\n{table}\n\nA note.[^1]\n\n[^1]: SAMHSA.")
    response = signed_in(writer).post(PREVIEW, {"content": article.body})
    assert response.content.decode() == article.body_html


def test_preview_without_content_answers_an_empty_preview_not_an_error(writer, signed_in):
    assert signed_in(writer).post(PREVIEW, {}).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "directory_editor", "staff_without_role"])
def test_preview_refuses_users_who_may_not_edit_articles(who, client, directory_editor):
    users = {"directory_editor": directory_editor, "staff_without_role": UserFactory()}
    if who in users:
        client.force_login(users[who])
    assert client.post(PREVIEW, {"content": "hello"}).status_code == 403


def test_preview_refuses_get(writer, signed_in):
    assert signed_in(writer).get(PREVIEW).status_code == 405


# Upload ----------------------------------------------------------------------------------


def test_upload_stores_a_resized_image_and_answers_markdown_without_alt(
    writer, signed_in, media_root, settings
):
    settings.MARKDOWNX_IMAGE_MAX_SIZE = {"size": (20, 20), "quality": 85}
    response = signed_in(writer).post(UPLOAD, {"image": image_file()}, **AJAX)
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![](/media/guide/") and code.endswith(".png)")
    stored = next(media_root.glob("guide/*.png"))
    assert max(Image.open(stored).size) <= 20


def test_upload_names_the_file_by_its_real_format_not_the_uploaded_name(
    writer, signed_in, media_root
):
    upload = image_file("JPEG", name="page.html")
    code = signed_in(writer).post(UPLOAD, {"image": upload}, **AJAX).json()["image_code"]
    assert code.endswith(".jpg)")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png"),
        SimpleUploadedFile(
            "x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"
        ),
    ],
    ids=["not-an-image", "gif"],
)
def test_upload_refuses_files_that_are_not_jpeg_png_or_webp(writer, signed_in, media_root, upload):
    response = signed_in(writer).post(UPLOAD, {"image": upload}, **AJAX)
    assert response.status_code == 400
    assert not list(media_root.rglob("*.*"))


def test_upload_accepts_only_the_types_the_setting_allows(writer, signed_in, media_root, settings):
    settings.MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg"]
    response = signed_in(writer).post(UPLOAD, {"image": image_file()}, **AJAX)
    assert response.status_code == 400
    assert not list(media_root.rglob("*.*"))


def test_upload_refuses_a_file_over_the_size_cap(writer, signed_in, media_root, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 10
    response = signed_in(writer).post(UPLOAD, {"image": image_file()}, **AJAX)
    assert response.status_code == 400
    assert "too large" in response.json()["image"][0]


def test_upload_without_a_file_is_a_helpful_400(writer, signed_in):
    assert signed_in(writer).post(UPLOAD, {}, **AJAX).status_code == 400


@pytest.mark.parametrize("who", ["anonymous", "directory_editor"])
def test_upload_refuses_users_who_may_not_edit_articles(who, client, directory_editor, media_root):
    if who == "directory_editor":
        client.force_login(directory_editor)
    assert client.post(UPLOAD, {"image": image_file()}, **AJAX).status_code == 403
    assert not list(media_root.rglob("*.*"))


# Serving uploads with DEBUG off -------------------------------------------------------------


def test_uploaded_images_are_served_with_debug_off(client, media_root):
    (media_root / "guide").mkdir()
    (media_root / "guide" / "a.png").write_bytes(b"\x89PNG fake")
    response = client.get("/media/guide/a.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "path", ["/media/../settings.py", "/media/%2e%2e/secret.png", "/media/guide/a.html"]
)
def test_media_route_serves_nothing_outside_media_root_or_other_than_images(
    client, media_root, path
):
    (media_root / "guide").mkdir()
    (media_root / "guide" / "a.html").write_text("<script>")
    assert client.get(path).status_code == 404


# Admin pages ----------------------------------------------------------------------------


def test_no_one_can_type_in_a_reviewer_or_review_date(writer, reviewer, signed_in):
    """The review fields are the review action's alone, even for a medical reviewer."""
    record = ReviewerFactory(user=reviewer)
    article = ArticleFactory(draft=True)
    for user in (writer, reviewer):
        data = admin_form_data(article, reviewer=record.pk, reviewed_on="2026-01-01")
        signed_in(user).post(change_url(article), data)
        article.refresh_from_db()
        assert (article.reviewer, article.reviewed_on) == (None, None)


def test_writer_cannot_set_the_publish_time(writer, signed_in):
    article = ArticleFactory(draft=True)
    data = admin_form_data(article, published_at_0="2026-01-01", published_at_1="10:00")
    signed_in(writer).post(change_url(article), data)
    article.refresh_from_db()
    assert article.published_at is None


def test_a_reviewer_with_a_record_approves_and_is_named_with_today(reviewer, signed_in):
    record = ReviewerFactory(user=reviewer)
    article = ArticleFactory()
    client = signed_in(reviewer)
    assert "_approve_review" in client.get(change_url(article)).content.decode()
    client.post(change_url(article), {**admin_form_data(article), "_approve_review": "1"})
    article.refresh_from_db()
    assert (article.reviewer, article.reviewed_on) == (record, timezone.localdate())
    assert article.history.first().history_change_reason.startswith("Clinical review approved")


def test_review_permission_without_a_reviewer_record_cannot_approve(reviewer, signed_in):
    article = ArticleFactory()
    client = signed_in(reviewer)
    assert "_approve_review" not in client.get(change_url(article)).content.decode()
    response = client.post(
        change_url(article), {**admin_form_data(article), "_approve_review": "1"}
    )
    article.refresh_from_db()
    assert response.status_code == 403
    assert (article.reviewer, article.reviewed_on) == (None, None)


def test_writer_cannot_open_a_published_article_for_editing(writer, signed_in):
    article = ArticleFactory()
    client = signed_in(writer)
    client.post(change_url(article), admin_form_data(article, body="Sneaky edit."))
    article.refresh_from_db()
    assert article.body != "Sneaky edit."


def test_directory_editor_manages_facilities_but_not_articles(directory_editor, signed_in):
    client = signed_in(directory_editor)
    assert client.get(reverse("admin:directory_facility_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_problemreport_changelist")).status_code == 200
    assert client.get(reverse("admin:guide_article_changelist")).status_code == 403
    assert client.get(reverse("admin:directory_servicecode_changelist")).status_code == 403


def history_url(article):
    return reverse("admin:guide_article_history", args=[article.pk])


def compare_url(article):
    return reverse("admin:guide_article_history_compare", args=[article.pk])


def restore_url(article, record):
    return reverse("admin:guide_article_history_restore", args=[article.pk, record.history_id])


def test_history_and_compare_refuse_anonymous_users(client):
    article = ArticleFactory()
    for url in (history_url(article), compare_url(article)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_history_and_compare_refuse_a_directory_editor(directory_editor, signed_in):
    article = ArticleFactory()
    client = signed_in(directory_editor)
    assert client.get(history_url(article)).status_code == 403
    assert client.get(compare_url(article)).status_code == 403


def test_writer_may_read_history(writer, signed_in):
    article = ArticleFactory()
    assert signed_in(writer).get(history_url(article)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "directory_editor", "writer_on_published"])
def test_restore_refuses_users_without_edit_permission(who, client, directory_editor, writer):
    article = ArticleFactory(body="First.")
    record = article.history.first()
    article.body = "Second."
    article.save()
    if who != "anonymous":
        client.force_login(directory_editor if who == "directory_editor" else writer)
    response = client.post(restore_url(article, record))
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))
    article.refresh_from_db()
    assert article.body == "Second."


def test_restore_is_post_only(reviewer, signed_in):
    article = ArticleFactory()
    assert signed_in(reviewer).get(restore_url(article, article.history.first())).status_code == 405


def test_staff_without_a_role_sees_no_articles(signed_in):
    client = signed_in(UserFactory())
    assert client.get(reverse("admin:guide_article_changelist")).status_code == 403
    assert Article.objects.count() == 0


def test_admin_sign_in_is_locked_after_five_failures_even_with_the_right_password(writer, client):
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "writer", "password": "wrong"})
    response = client.post(
        login, {"username": "writer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
