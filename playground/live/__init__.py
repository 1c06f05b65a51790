"""The live view's model, apart from Streamlit: a session and its controls, how fast it trains,
two sessions trained in step, the frames it draws and how they travel to the browser."""
