"""The floor a page is measured against: a bare Streamlit page (``?charts=0``), or one showing
``?charts=N`` plain plotly charts, built the way our pages place theirs (theme=None, width="stretch",
a key per chart) but with nothing computed and nothing cached. A benchmark script, not part of the app."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.write("A page with nothing but its charts.")
for i in range(int(st.query_params.get("charts", "0"))):
    figure = go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[i, i + 1, i + 3, i + 2], mode="lines+markers"))
    figure.update_layout(title=f"Chart {i + 1}", xaxis_title="Quarter", yaxis_title="Per cent")
    st.plotly_chart(figure, theme=None, width="stretch", key=f"floor_{i}")
