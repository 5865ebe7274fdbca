"""A page that fails, to see what a viewer is shown of an exception under the shipped configuration."""
import streamlit as st

st.title("failing page")
raise RuntimeError("details only for the server log: /srv/cockpit/secret_path.py")
