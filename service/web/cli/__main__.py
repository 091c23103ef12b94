"""`python -m service.web.cli`: the same as the `carevoice` command."""

from service.web.cli import main

main()
