"""Running the cockpit as several Streamlit processes behind nginx (README "Deployment")."""
