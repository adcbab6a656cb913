"""The user guide served inside the portal: /panduan/ and /panduan/<slug>/ from docs/panduan/*.md."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from agencies.views import guide
from tests.conftest import _client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs" / "panduan"
LOGIN = "login"


def _article(response) -> str:
    """The rendered Markdown only (not the menu or the page list around it)."""
    content = response.content.decode()
    return content.split('<article class="guide card">', 1)[1].split("</article>", 1)[0]


def _headings(path: Path) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2].strip()) for m in re.finditer(r"^(#{1,3}) (.+)$", path.read_text(), flags=re.M)]


def test_matrix(role_clients):
    """Every signed-in role may read every page (the guide is not secret); anonymous users sign in first."""
    urls = [reverse("agencies:guide")] + [reverse("agencies:guide-page", args=[slug]) for slug in guide.PAGE_ORDER]
    for url in urls:
        response = role_clients["anonymous"].get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(LOGIN)), url
        for role in ("own_office", "other_office", "verifier", "leader"):
            assert role_clients[role].get(url).status_code == 200, (role, url)


@pytest.mark.parametrize(
    ("role", "title"),
    [
        ("own_office", "Panduan staf Hubal kabupaten/kota"),
        ("other_office", "Panduan staf Hubal kabupaten/kota"),
        ("verifier", "Panduan verifikator provinsi"),
        ("leader", "Panduan pimpinan"),
    ],
)
def test_guide_opens_the_page_of_the_role(role_clients, role, title):
    response = role_clients[role].get(reverse("agencies:guide"))
    assert response.status_code == 200
    assert re.search(rf"<h1[^>]*>{re.escape(title)}</h1>", _article(response))
    assert response.context["page"].title == title
    # the own page is marked in the list, and every other page is linked from it
    for slug in guide.PAGE_ORDER:
        assert f'href="{reverse("agencies:guide-page", args=[slug])}"' in response.content.decode()


def test_superuser_gets_the_administrator_page(province):
    admin = UserFactory(username="it", office=province, role="", is_superuser=True, is_staff=True)
    response = _client_for(admin).get(reverse("agencies:guide"))  # signed in with both factors
    assert response.context["page"].slug == "administrator"


def test_user_without_role_gets_the_common_page(client, province):
    user = UserFactory(username="tanpa-peran", office=province, role="")
    client.force_login(user, backend="accounts.backends.ModelBackend")
    assert client.get(reverse("agencies:guide")).context["page"].slug == "umum"


@pytest.mark.parametrize("slug", ["tidak-ada", "README", "umum-md", "guide"])
def test_unknown_page_is_404(client_a, slug):
    assert client_a.get(reverse("agencies:guide-page", args=[slug])).status_code == 404


def test_path_tricks_are_not_pages(client_a):
    for url in ["/panduan/../hubal/settings/", "/panduan/umum.md/", "/panduan/%2e%2e%2fREADME/"]:
        assert client_a.get(url).status_code == 404, url


def test_every_markdown_file_is_reachable_with_its_headings(client_verifier):
    files = sorted(DOCS.glob("*.md"))
    assert {path.stem for path in files} >= set(guide.PAGE_ORDER)
    for path in files:
        response = client_verifier.get(reverse("agencies:guide-page", args=[path.stem]))
        assert response.status_code == 200, path.name
        article = _article(response)
        headings = _headings(path)
        assert headings, path.name
        for level, text in headings:
            plain = re.sub(r"[*`]", "", text)
            assert re.search(rf"<h{level}[^>]*>{re.escape(escape(plain))}</h{level}>", article), (path.name, text)


def test_links_between_pages_point_to_portal_pages(client_verifier):
    pages = guide.guide_pages()
    for slug in pages:
        article = _article(client_verifier.get(reverse("agencies:guide-page", args=[slug])))
        for href in re.findall(r'href="([^"]*)"', article):
            assert not href.endswith(".md"), (slug, href)
            if href.startswith("/panduan/"):
                target = href.split("#")[0].strip("/").split("/")[-1]
                assert target in pages, (slug, href)


def test_raw_html_in_markdown_is_escaped(client_a, tmp_path, monkeypatch):
    (tmp_path / "staf.md").write_text(
        "# Uji\n\n<script>alert('x')</script>\n\n"
        'Teks <b onclick="alert(1)">tebal</b> dan <img src=x onerror=alert(1)>.\n\n'
        "[berbahaya](javascript:alert(1)) [aman](https://www.bawaslu.go.id/) [umum](umum.md#menu)\n\n"
        "<div>\nblok\n</div>\n",
        encoding="utf-8",
    )
    (tmp_path / "umum.md").write_text("# Umum\n", encoding="utf-8")
    monkeypatch.setattr(guide, "GUIDE_DIR", tmp_path)
    article = _article(client_a.get(reverse("agencies:guide")))
    assert "<script" not in article and "<b " not in article and "<img" not in article and "<div" not in article
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in article
    assert "&lt;b onclick=" in article
    assert "javascript:" not in article
    assert 'href="https://www.bawaslu.go.id/"' in article
    assert f'href="{reverse("agencies:guide-page", args=["umum"])}#menu"' in article


def test_menu_links_to_the_guide(client_a):
    response = client_a.get(reverse("home"))
    assert f'href="{reverse("agencies:guide")}"' in response.content.decode()
    guide_response = client_a.get(reverse("agencies:guide"))
    assert f'href="{reverse("agencies:guide")}" aria-current="page"' in guide_response.content.decode()


def test_guide_reads_no_data(client_a, django_assert_num_queries):
    client_a.get(reverse("agencies:guide"))  # warm the rendering cache
    # session, user with their office (top bar). The guide itself reads files, not the database.
    # +1 unread inbox count (header)
    with django_assert_num_queries(3):
        assert client_a.get(reverse("agencies:guide-page", args=["umum"])).status_code == 200
