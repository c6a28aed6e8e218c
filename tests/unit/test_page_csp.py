"""The per-page policy: only the page's own inline scripts, by hash."""

from __future__ import annotations

import base64
import hashlib

from authgate.presentation.page_csp import html_file_of, policy_for


def sha(text: bytes) -> str:
    return base64.b64encode(hashlib.sha256(text).digest()).decode()


def test_policy_lists_the_hash_of_each_inline_script_and_no_unsafe_inline() -> None:
    html = b'<script src="/a.js"></script><script>boot()</script><script id="x">go(1)</script>'
    policy = policy_for(html)
    script_src = next(d for d in policy.split(";") if "script-src" in d)
    assert script_src.split() == [
        "script-src",
        "'self'",
        *sorted(f"'sha256-{sha(body)}'" for body in (b"boot()", b"go(1)")),
    ]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_paths_map_to_the_files_static_export_serves() -> None:
    assert html_file_of("/") == "index.html"
    assert html_file_of("/login/") == "login/index.html"
    assert html_file_of("/login") == "login/index.html"
    assert html_file_of("/404.html") == "404.html"
