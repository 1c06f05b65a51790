"""The neural network playground: `streamlit run app.py`."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")
navigation = st.navigation(
    [
        st.Page("pages/playground.py", title="Playground", icon=":material/hub:", default=True),
    ]
)
navigation.run()
