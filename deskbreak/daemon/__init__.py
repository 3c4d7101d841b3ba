"""The daemon's own machinery: the controller facade, the timer, the clocks, the sleep
watcher, the player launcher, the history store, logs and autostart."""
