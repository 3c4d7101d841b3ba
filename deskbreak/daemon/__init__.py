"""The daemon's own machinery: the controller facade, the timer, the clocks, the config
file watch, the sleep watcher, the player launcher, the history store, logs and autostart."""
