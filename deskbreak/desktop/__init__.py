"""The desktop edges: the tray and its icon, notifications, idle sources, the control
window and the statistics chart. Each module wraps one desktop library."""
