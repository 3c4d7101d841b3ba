"""The real desktops the desktop tests run on, each a throwaway started and stopped by PID.

- `desktop`: Xvfb, a private session bus, dunst and a tray host (trayer or an SNI host);
- `wayland`: sway with waybar and mako, or KWin, each as a whole desktop;
- `sway`: a bare headless sway run as nobody (and mako), for the hold sources;
- `gnome`, `gnome_start`: a headless GNOME Shell, asking it things and getting it up;
- `debroot`: clean Debian roots built with debootstrap and cached;
- `trixie`: a desktop session inside a Debian 13 root; `trixie_desktops`: GNOME Shell 48 in it;
- `pipewire`: PipeWire, WirePlumber and pipewire-pulse with fake devices;
- `daemon`: the real `deskbreak run` inside any of those desktops, and the CLI that asks it;
- `tray`: the tray driver (`tests/tray_driver.py`) in an X11 desktop;
- `kde_fake_input`: KDE's fake-input protocol, generated, for input on KWin.

Test support: no module here imports deskbreak; the programs they start are the code under test.
"""
