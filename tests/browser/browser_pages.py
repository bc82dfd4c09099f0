"""Pages for the browser tests that never reach beyond this machine."""
from __future__ import annotations

import urllib.parse

LOCAL_HOSTS = ("127.0.0.1", "localhost")
# Never the network: inline data, local files, and the browser's own pages (PDF viewer).
LOCAL_SCHEMES = ("data:", "file:", "blob:", "chrome:", "chrome-extension:")


def guarded_page(browser, viewport=(1280, 1000)):
    """``(context, page)``: a fresh page whose requests to anything but this machine
    (loopback, :data:`LOCAL_SCHEMES`) are refused and listed in
    ``page.outside_requests``."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    outside = []

    def guard(route):
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname
        if host in LOCAL_HOSTS or url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.outside_requests = outside
    return context, page
