"""Lesson 4: Loss and gradient descent."""

from playground.ui.lesson import render_lesson

render_lesson(4)
