"""The guided routine player, run in its own process by `deskbreak play`.

`timeline` owns the timing (core, stdlib only); `terminal` and `window` render
it (the window imports tkinter and PIL lazily); `sounds` plays the chime and
speaks cues. Importing this package imports none of them.
"""
