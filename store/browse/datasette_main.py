"""Datasette's command line as `pantau serve`'s child (`python -m store.browse.datasette_main serve …`), dying with
its launcher: PR_SET_PDEATHSIG is asked for here, once the child runs, not in a preexec_fn between fork and exec,
where Python code can deadlock a child forked from a process with threads (`pantau demo`'s parent has had some)."""

from __future__ import annotations

import sys

from store.browse.children import die_with_launcher


def main() -> None:
    die_with_launcher()
    from datasette.cli import cli

    cli(args=sys.argv[1:], prog_name="datasette")


if __name__ == "__main__":
    main()
