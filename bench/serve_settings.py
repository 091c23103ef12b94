"""gunicorn settings for the benchmark's own servers (the bare page and the floor), as
`carevoice serve` sets them beyond the command line: each worker freezes what it loaded."""

from service.web.cli.serve import freeze_loaded_objects

post_worker_init = freeze_loaded_objects
