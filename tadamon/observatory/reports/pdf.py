"""HTML to PDF with WeasyPrint, offline.

WeasyPrint fetches what a document names (fonts, images, stylesheets) by
itself. The fetcher below reads the vendored font files and data: URLs and
refuses everything else, so a report never reaches the network, whatever a
template or an indicator's text may name.
"""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from fontTools.ttLib import woff2
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from tadamon.observatory.reports.render import FONT_DIR

logger = logging.getLogger(__name__)


@functools.cache
def _decompressed(path: Path) -> bytes:
    """A WOFF2 font as plain OpenType, once per process: WeasyPrint would otherwise
    decompress the four fonts for every PDF (0.8 s of a 2 s report, measured)."""
    out = io.BytesIO()
    with path.open("rb") as handle:
        woff2.decompress(handle, out)
    return out.getvalue()


class LocalFetcher(URLFetcher):
    """Only the report's own font files and data: URLs."""

    def __init__(self, allowed_dir: Path = FONT_DIR) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed_dir = allowed_dir.resolve()

    def fetch(self, url, headers=None):
        scheme = urlparse(url).scheme.lower()
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if path.is_relative_to(self.allowed_dir) and path.is_file():
                if path.suffix == ".woff2":
                    return URLFetcherResponse(
                        url, _decompressed(path), {"Content-Type": "font/otf"}
                    )
                return super().fetch(url, headers)
        elif scheme == "data":
            return super().fetch(url, headers)
        logger.warning("report: refused to fetch %s", url)
        raise ValueError(f"not a local resource of the report: {url}")


def write_pdf(html: str) -> bytes:
    """The PDF of one report document."""
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=LocalFetcher())
    return document.write_pdf()
