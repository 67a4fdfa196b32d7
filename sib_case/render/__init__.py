"""Renderers: a Result in the form its reader wants."""
