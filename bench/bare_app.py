"""The baseline: a bare Starlette JSON endpoint under the same uvicorn settings as Switchboard."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def endpoint(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse({"data": {"__typename": "Query"}})


app = Starlette(routes=[Route("/json", endpoint, methods=["GET", "POST"])])
