"""Lesson 1: A single neuron."""

from playground.ui.pages.lesson import render_lesson

render_lesson(1)
