"""``reportkit serve``: the web service where units hand in forms; ``serve links``: its links."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _, ngettext

_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)


@click.group(
    "serve",
    invoke_without_command=True,
    help=N_(
        "Serve the units' forms on the intranet: each unit hands in its form through its "
        "own link and sees its mistakes at once; the operator follows every unit and "
        "runs the batch.\n\nMake the links first with `reportkit serve links`. See "
        "docs/serve.md."
    ),
)
@click.option("--year", type=int, help=N_("The year the forms are for, e.g. 2025."))
@click.option(
    "--units", "units_file", type=_FILE, help=N_("The units list (as for `reportkit form`).")
)
@click.option(
    "--data",
    "data_dir",
    type=_DIR,
    help=N_("The folder the forms are kept in (what `reportkit batch` reads)."),
)
@click.option(
    "--previous",
    "previous_dir",
    type=_DIR,
    default=None,
    help=N_("Last year's files, one per unit: shown in the forms and compared."),
)
@click.option(
    "--province",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help=N_("The consolidating office's header file (as for `reportkit batch --province`)."),
)
@click.option("--kind", default="cds", show_default=True, help=N_("Report kind."))
@click.option(
    "--deadline",
    default=None,
    help=N_('The deadline the unit pages state, e.g. "05/01/2026".'),
)
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=_DIR,
    default=None,
    help=N_("Where the batch button writes (default: the folder ket-qua in --data)."),
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(0.1, 200),
    default=10,
    show_default=True,
    help=N_("Largest upload accepted."),
)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help=N_("Requests served at once."),
)
@click.pass_context
def serve(
    ctx: click.Context,
    year,
    units_file,
    data_dir,
    previous_dir,
    province,
    kind,
    deadline,
    output_dir,
    max_upload_mb,
    host,
    port,
    threads,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    missing = [
        name
        for name, value in (("--year", year), ("--units", units_file), ("--data", data_dir))
        if value is None
    ]
    if missing:
        raise click.UsageError(_("missing {options}").format(options=", ".join(missing)))
    from waitress import create_server

    from ..errors import ReportkitError, os_reason
    from ..serve.app import create_app
    from ..serve.config import load_config

    config = load_config(
        year=year,
        units_file=units_file,
        data_dir=data_dir,
        previous_dir=previous_dir,
        kind=kind,
        deadline=deadline,
        province=province,
        output_dir=output_dir,
        max_upload=int(max_upload_mb * 1024 * 1024),
    )
    app = create_app(config)
    try:
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="reportkit",
            # the application refuses an upload over the limit in Vietnamese; the server
            # stops a far larger body before it is buffered at all
            max_request_body_size=2 * config.max_upload + 1024 * 1024,
        )
    except OSError as error:
        raise ReportkitError(
            _("cannot listen on {host}:{port}: {error}").format(
                host=host, port=port, error=os_reason(error)
            )
        ) from None
    click.echo(
        _("serving {count} units of {year} from {folder} on {address}").format(
            count=len(config.units), year=year, folder=data_dir, address=f"http://{host}:{port}/"
        )
    )
    click.echo(_("open the links written by `reportkit serve links`; stop with Ctrl+C"))
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo(_("stopped"))
    finally:
        server.close()


@serve.command(
    "links",
    help=N_(
        "Issue each unit's private link (and the operator's) as a CSV to mail out.\n\nA "
        "new link stops the unit's old one. Only a hash of each link is kept, so a lost "
        "CSV means issuing new links."
    ),
)
@click.option("--units", "units_file", type=_FILE, required=True, help=N_("The units list."))
@click.option("--data", "data_dir", type=_DIR, required=True, help=N_("The service's data folder."))
@click.option(
    "--base-url",
    default="http://127.0.0.1:8080",
    show_default=True,
    help=N_("The address the units open."),
)
@click.option(
    "--unit", "codes", multiple=True, help=N_("Only this unit (repeatable); default every unit.")
)
@click.option("--no-operator", is_flag=True, help=N_("Do not issue a new operator link."))
@click.option(
    "--revoke",
    is_flag=True,
    help=N_("Stop the chosen units' links (or with no --unit, the operator's) without new ones."),
)
@click.option(
    "-o",
    "--output",
    "csv_path",
    type=_FILE,
    default=None,
    help=N_("The CSV to write (required unless --revoke)."),
)
def links(units_file, data_dir, base_url, codes, no_operator, revoke, csv_path) -> None:
    from ..atomic import write_bytes_atomic
    from ..errors import InputError
    from ..serve.config import load_config
    from ..serve.links import OPERATOR, UNIT, issue_links, links_csv
    from ..serve.store import Store

    config = load_config(year=0, units_file=units_file, data_dir=data_dir)
    unknown = [code for code in codes if code not in config.units]
    if unknown:
        raise InputError(
            _("no unit with code {codes} in the units list").format(codes=", ".join(unknown)),
            file=str(units_file),
        )
    store = Store(config.data_dir)
    if revoke:
        chosen = [(UNIT, code) for code in codes] or [(OPERATOR, None)]
        stopped = sum(store.revoke(role, code) for role, code in chosen)
        for _role, code in chosen:
            store.log("thu hồi đường dẫn", code)
        text = ngettext("revoked {count} link", "revoked {count} links", stopped)
        click.echo(text.format(count=stopped))
        return
    if csv_path is None:
        raise click.UsageError(_("give -o LINKS.csv (or --revoke)"))
    if csv_path.exists():
        raise InputError(
            _("the CSV exists already; links are written only once: choose a new name"),
            file=str(csv_path),
        )
    issued = issue_links(config, store, base_url, list(codes) or None, operator=not no_operator)
    write_bytes_atomic(csv_path, links_csv(issued).encode("utf-8"))
    text = ngettext("wrote {path} ({count} link)", "wrote {path} ({count} links)", len(issued))
    click.echo(text.format(path=csv_path, count=len(issued)))
