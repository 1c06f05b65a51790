"""The neural network playground: `streamlit run app.py`.

Navigation over the pages in `views/`; each page is a thin script over `playground.ui` pieces.
The folder is not called `pages/`: with that name, a fresh server answers a deep link such as
/sweep in Streamlit's legacy multipage mode, without running this script. Everything runs
under `__name__ == "__main__"`, as Streamlit runs it: the class mode's verifier worker is a
spawned process, and spawn runs the parent's main script again as `__mp_main__` (Streamlit's
main module is this file), which must neither import Streamlit nor draw the app.
"""

from __future__ import annotations

if __name__ == "__main__":
    import streamlit as st

    from playground.ui.workarounds.buttons import keep_button_focus
    from playground.ui.workarounds.session_lock import session_lock

    st.set_page_config(page_title="Neural network playground", page_icon="🧠", layout="wide")
    keep_button_focus()

    SECTIONS = {
        "": [
            st.Page("views/playground.py", title="Playground", icon=":material/hub:", default=True),
        ],
        "Lessons": [
            st.Page("views/lesson_01_single_neuron.py", title="1. A single neuron"),
            st.Page("views/lesson_02_layers.py", title="2. Layers and feedforward"),
            st.Page("views/lesson_03_activation_functions.py", title="3. Activation functions"),
            st.Page(
                "views/lesson_04_loss_and_gradient_descent.py", title="4. Loss and gradient descent"
            ),
            st.Page("views/lesson_05_backpropagation.py", title="5. Backpropagation"),
            st.Page(
                "views/lesson_06_overfitting_and_regularization.py",
                title="6. Overfitting and regularization",
            ),
            st.Page("views/lesson_07_batch_size.py", title="7. Batch size and learning rate"),
            st.Page("views/lesson_08_batch_normalization.py", title="8. Batch normalization"),
            st.Page("views/lesson_09_hyperparameter_tuning.py", title="9. Hyperparameter tuning"),
            st.Page("views/lesson_10_deep_features.py", title="10. Deep networks learn features"),
        ],
        "Experiments": [
            st.Page("views/compare.py", title="Compare", icon=":material/compare:"),
            st.Page("views/sweep.py", title="Sweep", icon=":material/grid_on:"),
            st.Page("views/digits.py", title="Digits", icon=":material/draw:"),
            st.Page("views/classroom.py", title="Class", icon=":material/school:"),
        ],
    }
    navigation = st.navigation(
        {name: pages for name, pages in SECTIONS.items() if pages}, position="top"
    )
    with session_lock():  # one run at a time per session (ui/workarounds/session_lock.py)
        navigation.run()
