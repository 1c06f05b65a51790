"""Lesson 10: Deep networks learn features."""

from playground.ui.pages.lesson import render_lesson

render_lesson(10)
