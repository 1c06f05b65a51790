"""Lesson 4: Loss and gradient descent."""

from playground.ui.pages.lesson import render_lesson

render_lesson(4)
