"""Lesson 3: Activation functions."""

from playground.ui.pages.lesson import render_lesson

render_lesson(3)
