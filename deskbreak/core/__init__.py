"""The functional core: config, routines, the break engine, status and statistics.

Pure and standard library only: nothing here imports another part of deskbreak outside
`deskbreak.core`, nor any third-party library (a test checks both). Edges give the core
observations and carry out the effects it returns.
"""
