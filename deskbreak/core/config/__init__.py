"""The user's TOML file: the settings model, reading and checking every key, the routine
reader, the settings value the daemon runs with, and the data `config show` prints."""
