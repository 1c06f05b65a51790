"""Lesson 5: Backpropagation."""

from playground.ui.lesson import render_lesson

render_lesson(5)
