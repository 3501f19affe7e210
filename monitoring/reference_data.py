"""The pathways and hospitals of 002 §3.1 (hospital IDVAs in two hospitals; specialist IDVAs for male victims,
LGBT victims and complex needs; court IDVA; the cyberstalking clinic). Loaded with the reference data
(monitoring.handlers.load_pathways); editable afterwards by an administrator, re-loading updates by slug."""

from __future__ import annotations

# slug: (name, needs a hospital)
PATHWAYS: dict[str, tuple[str, bool]] = {
    "hospital-idva": ("Hospital IDVA", True),
    "specialist-idva-male": ("Specialist IDVA: male victims", False),
    "specialist-idva-lgbt": ("Specialist IDVA: LGBT victims", False),
    "specialist-idva-complex-needs": ("Specialist IDVA: complex needs (substance use, mental health)", False),
    "court-idva": ("Court IDVA", False),
    "cyberstalking-clinic": ("Cyberstalking clinic", False),
}
# The hospital IDVA's two hospitals (002 §3.1).
HOSPITALS: dict[str, str] = {
    "william-harvey": "William Harvey Hospital",
    "darent-valley": "Darent Valley Hospital",
}
