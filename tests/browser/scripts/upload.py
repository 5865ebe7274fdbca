"""A file upload, to check that the shipped XSRF protection lets the browser's own uploads through."""
import hashlib

import streamlit as st

upload = st.file_uploader("upload")
if upload is not None:
    st.text(f"received {upload.name} sha256 {hashlib.sha256(upload.getvalue()).hexdigest()}")
