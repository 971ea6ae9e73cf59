"""From a patient's features to matched cohorts, outcome ranges, considerations and washout.

Plain Python (no Streamlit). Public API: `PatientProfile`, `assess`, `Assessment`.
"""

from sequencing.assess import Assessment, assess
from sequencing.profile import PatientProfile

__all__ = ["Assessment", "PatientProfile", "assess"]
