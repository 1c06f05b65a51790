"""Experiments beside the playground: comparisons of two setups, sweeps over a grid of settings,
and the ready-made presets the lessons and comparisons start from."""
