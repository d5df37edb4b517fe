"""The interactive API documentation at /docs: Swagger UI, from files Nishan serves itself.

FastAPI's own /docs loads Swagger UI from a CDN, so without internet (an inspector's district
office, CI) it is a blank page. The files come from the fastapi-offline package, which keeps
them current; Nishan serves them under /docs/assets and starts Swagger UI from its own script.
"""

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.access import OpenToAll

# The package's own directory of Swagger UI's files (swagger-ui-bundle.js, swagger-ui.css).
SWAGGER_UI_FILES = Path(fastapi_offline.__file__).parent / "static"
ASSETS = "/docs/assets"
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")

router = APIRouter(include_in_schema=False, dependencies=[OpenToAll])


def swagger_ui_files() -> StaticFiles:
    return StaticFiles(directory=SWAGGER_UI_FILES)


@router.get("/docs", response_class=HTMLResponse)
def api_documentation(request: Request) -> HTMLResponse:
    context = {"assets": ASSETS, "openapi_url": request.app.openapi_url}
    return TEMPLATES.TemplateResponse(request, "api_docs.html", context)
