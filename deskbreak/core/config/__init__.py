"""The user's TOML file: the settings model, reading, checking every key, and dumping."""
