"""One module per ``bqw`` subcommand (see :data:`bqw.cli.COMMANDS`)."""
