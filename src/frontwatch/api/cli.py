"""`frontwatch serve`: the API and map page over a store."""

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    from frontwatch.cli import DEFAULT_DB, Db, fail

    @app.command()
    def serve(db: Db = DEFAULT_DB,
              host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
              port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
              token: Annotated[str | None, typer.Option(
                  envvar="FRONTWATCH_TOKEN", help="Turns on POST /api/ingest for requests bearing this token.")] = None,
              tile_url: Annotated[str | None, typer.Option(
                  "--tile-url", envvar="FRONTWATCH_TILE_URL",
                  help="Base map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none, "
                       "the bundled country outline).")] = None,
              tile_attribution: Annotated[str | None, typer.Option(
                  "--tile-attribution", help="Credit line for the tiles.")] = None,
              header_timeout: Annotated[float, typer.Option(
                  "--header-timeout", min=0.5,
                  help="Seconds a connection may take to send a request's headers (then 408 and closed).")] = 15.0,
              ) -> None:
        """Serve the query API (docs at /docs) and the map page (at /)."""
        import uvicorn

        from frontwatch.api.app import create_app
        from frontwatch.api.server import server_config
        from frontwatch.errors import FrontwatchError

        try:
            api = create_app(db, token=token, tile_url=tile_url, tile_attribution=tile_attribution)
        except FrontwatchError as e:
            fail(e)
        if token and host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo("warning: ingest is on and the server listens beyond this machine; use TLS in front of it",
                       err=True)
        uvicorn.Server(server_config(api, host=host, port=port, header_timeout=header_timeout)).run()
