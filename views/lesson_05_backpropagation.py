"""Lesson 5: Backpropagation."""

from playground.ui.pages.lesson import render_lesson

render_lesson(5)
