"""Lesson 2: Layers and feedforward."""

from playground.ui.pages.lesson import render_lesson

render_lesson(2)
