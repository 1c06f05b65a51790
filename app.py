"""The neural network playground: `streamlit run app.py`.

Navigation over the pages in `pages/`; each page is a thin script over `playground.ui` pieces.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")

SECTIONS = {
    "Playground": [
        st.Page("pages/playground.py", title="Playground", icon=":material/hub:", default=True),
    ],
    "Lessons": [],
    "Experiments": [],
}
navigation = st.navigation({name: pages for name, pages in SECTIONS.items() if pages})
navigation.run()
