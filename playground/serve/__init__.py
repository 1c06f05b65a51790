"""`playground serve`: a whole class on one machine, several Streamlit workers behind HAProxy.

Streamlit runs every browser session's script in one Python process, and one process tops out
near 1.2 cores (docs/design.md, "Live rendering"). This package starts one `streamlit run
app.py` process per worker on its own 127.0.0.1 port (`workers`), puts HAProxy in front with
cookie session affinity so that a session's websocket, uploads and media always reach the
worker that holds it (`proxy`), keeps both running and stops them on Ctrl-C (`supervisor`), and
parses the command line (`cli`). Every child process is started and stopped by PID the same way
(`children`). It never imports Streamlit: the workers are subprocesses. docs/serving.md says
how to use it.
"""


class ServeError(Exception):
    """Something the teacher can fix, said in one line (a busy port, haproxy missing, ...)."""
