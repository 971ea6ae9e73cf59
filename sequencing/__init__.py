"""From a patient's features to matched cohorts, outcome ranges, considerations and washout.

Plain Python (no Streamlit). Public API: `PatientProfile`, `assess`, `Assessment`.
"""
