"""The break engine: a state machine that takes observations and returns effects as data,
with the rules of time it keeps (working hours, elapsed and active time)."""
