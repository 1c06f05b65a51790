"""Lesson 6: Overfitting and regularization."""

from playground.ui.pages.lesson import render_lesson

render_lesson(6)
