"""Lesson 7: Batch size and learning rate."""

from playground.ui.pages.lesson import render_lesson

render_lesson(7)
