"""How long the editors' quality checks take per article, and what they find.

Usage (after `make setup`, which loads content/ into var/db.sqlite3):
    .venv/bin/python scripts/bench_quality.py [runs]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopguide.settings.dev")

import django

django.setup()

from iopguide.guide import quality  # noqa: E402
from iopguide.guide.models import Article  # noqa: E402


def main(runs: int) -> None:
    quality.reading_grade("Warm up the import.")
    print(f"{'article':32} {'grade':>5} {'warnings':>8} {'median ms':>9}")
    medians = []
    for article in Article.objects.order_by("slug"):
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            warnings = quality.check_article(article)
            timings.append((time.perf_counter() - start) * 1000)
        grade = quality.article_reading_grade(quality.read(article.body_html).blocks)
        medians.append(statistics.median(timings))
        print(f"{article.slug:32} {grade:5.1f} {len(warnings):8} {medians[-1]:9.1f}")
    if medians:
        print(f"median of medians: {statistics.median(medians):.1f} ms over {runs} runs each")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
