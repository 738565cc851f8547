"""Bad files in one import_article run: each gets one line and changes nothing, the good files of
the same run are imported, the command ends with an error saying how many failed, and nothing
ends in a traceback. On either database (a NUL character reached PostgreSQL and failed the
whole batch, the good files with it; deeply nested JSON crashed the command on SQLite)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Image

SEED = settings.BASE_DIR / "articles" / "sources" / "russia-south-korea-relations.txt"


@pytest.fixture
def export_text(db):
    call_command("import_article", str(SEED), verbosity=0)
    out = StringIO()
    call_command("export_article", "--all", stdout=out)
    Article.objects.all().delete()
    return out.getvalue()


def variant(text, change):
    document = json.loads(text)
    change(document["articles"][0])
    return json.dumps(document)


def bad_files(text):
    def retitle(suffix):
        return lambda article: article["article"].update(title=article["article"]["title"] + suffix)

    return {
        "nul.json": variant(text, retitle("\x00")),
        "surrogate.json": variant(text, retitle("\ud800")),
        "long-integer.json": text.rstrip().removesuffix("}") + ', "padding": ' + "9" * 5000 + "}",
        "nested.json": '{"format": "relations-articles/1", "articles": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "traversal.json": variant(
            text, lambda article: article.setdefault("images", []).append({"file": "../../etc/passwd", "alt_text": "x"})
        ),
        "rendition-traversal.json": variant(
            text,
            lambda article: article.setdefault("images", []).append(
                {
                    "file": "images/x.png",
                    "alt_text": "x",
                    "renditions": [{"name": "/etc/x.webp", "width": 3, "height": 2, "format": "webp"}],
                }
            ),
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("batch", ["1", "50"])
def test_bad_files_fail_alone_in_one_line_and_the_good_ones_import(export_text, tmp_path, batch):
    bad = bad_files(export_text)
    for name, content in bad.items():
        (tmp_path / name).write_text(content, encoding="utf-8", errors="surrogatepass")
    (tmp_path / "good.json").write_text(export_text, encoding="utf-8")
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        paths = sorted(str(path) for path in tmp_path.iterdir())
        call_command("import_article", *paths, "--batch", batch, stdout=stdout, stderr=stderr)
    assert str(raised.value) == f"{len(bad)} of {len(bad) + 1} files not imported (see above); the others were"
    errors = stderr.getvalue().splitlines()
    assert sorted(line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in errors) == sorted(bad), errors
    assert not any("database failed" in line for line in errors), errors
    assert Article.objects.count() == 1  # the good file
    assert not Image.objects.exists()
    reasons = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in errors}
    assert "NUL character" in reasons["nul.json"]
    assert "lone surrogate" in reasons["surrogate.json"]
    assert "5,000 digits" in reasons["long-integer.json"]
    assert "nested too deeply" in reasons["nested.json"]
    assert "inside the media folder" in reasons["traversal.json"]
    assert "inside the media folder" in reasons["rendition-traversal.json"]
