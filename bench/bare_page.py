"""A bare Flask page of the form page's size: what the form page is compared with.

`bench/form_throughput.py` saves one form page as the server drew it and serves its bytes from
this app with gunicorn configured as `carevoice serve`, so the ratio between the two is what the
form page costs beyond Flask, gunicorn and sending that many bytes. Not a product path.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

_PAGE = Path(os.environ["BARE_PAGE_FILE"]).read_bytes()

app = Flask(__name__)


@app.get("/")
def page() -> Response:
    return Response(_PAGE, mimetype="text/html")
