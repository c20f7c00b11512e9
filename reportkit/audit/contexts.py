"""The render context a document was made from, rebuilt from its data for the audit."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportkitError


def unit_context(data: Path, previous, kind: str | None, force_previous: bool) -> dict:
    """As ``reportkit render`` builds it: the unit's data, last year's, the derived figures."""
    from ..report import kind_of, read_input

    document = read_input(data, kind)
    last_year = read_input(previous, kind, partial=True) if previous else None
    return kind_of(document, kind).context(document, last_year, force_previous=force_previous)


def consolidated_context(folder: Path, previous, kind: str | None) -> dict:
    """As ``reportkit batch`` builds it: the valid units summed under the province's header.

    A unit whose data has errors is left out of the totals and listed with its error count,
    as the batch lists it.
    """
    from ..batch.consolidate import complete_header, consolidate, unit_summary
    from ..batch.inputs import find_inputs, pair_previous
    from ..data.kinds import load_kind
    from ..report import DEFAULT_KIND, kind_of, read_input

    inputs = find_inputs(folder)
    pairs = pair_previous(inputs.units, find_inputs(previous).units)[0] if previous else {}
    summaries, invalid, chosen = [], [], None
    for path in inputs.units:
        try:
            document = read_input(path, kind)
            chosen = kind_of(document, kind)
            last_year = read_input(pairs[path], kind, partial=True) if path in pairs else None
            summaries.append(
                unit_summary(chosen.schema, chosen.context(document, last_year), path.name)
            )
        except ReportkitError as error:
            count = len(getattr(error, "problems", None) or [error])
            invalid.append({"file": path.name, "name": None, "error_count": count, "errors": []})
    chosen = chosen or load_kind(kind or DEFAULT_KIND)
    header = None
    if inputs.province is not None:
        header = chosen.validate(read_input(inputs.province, kind, partial=True), partial=True)
    header = complete_header(chosen, header, summaries)
    return consolidate(chosen, summaries, header, invalid_units=invalid)
