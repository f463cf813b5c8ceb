"""Serving the dashboard to many people at once: N Streamlit workers behind nginx (``serve``), the
nginx configuration they share (``nginx.conf.template``), a websocket-protocol client that checks a
deployment and drives the load benchmark (``session``), and the container set-up (``compose.yaml``)."""
