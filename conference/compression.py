"""Compression of what is worth compressing: pages and JSON, never media or a part of a
file. Audio, video and PDFs are compressed already, and a byte range (206, what an
audio player asks for when a family skips ahead on a weak connection) must reach the
browser as the exact bytes of the file it asked for."""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH padding), for text responses only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.status_code == 206 or not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
