"""Lesson 8: Batch normalization."""

from playground.ui.pages.lesson import render_lesson

render_lesson(8)
