"""Glossary for fellows. Source: shared/DOMAIN.md (glossary and primer)."""

__all__ = ["GLOSSARY"]

GLOSSARY: dict[str, str] = {
    "ORR": "Overall response rate: complete plus partial responses.",
    "CR": "Complete response.",
    "bORR / bCRR": "Best overall / complete response rate, at any time during treatment.",
    "End-of-treatment response": "Response at the end of treatment; lower than the best "
    "response when responses are lost (TALOs reports both).",
    "PFS": "Progression-free survival.",
    "OS": "Overall survival.",
    "DoR": "Duration of response.",
    "PFS2 / OS2": "PFS and OS measured from the start of the treatment given for progression "
    "after CAR-T, not from CAR-T.",
    "EFS": "Event-free survival.",
    "HR": "Hazard ratio.",
    "IPW": "Inverse probability weighting: balances measured covariates only.",
    "ECOG": "Performance status, 0 (fully active) to 4 (bedbound).",
    "aaIPI": "Age-adjusted International Prognostic Index.",
    "HCT-CI": "Haematopoietic cell transplantation comorbidity index.",
    "ASCT": "Autologous stem-cell transplant.",
    "CRS": "Cytokine release syndrome.",
    "ICANS": "Immune effector cell-associated neurotoxicity syndrome.",
    "L2 / L3+": "Second / third or later line of therapy.",
    "Primary refractory": "Refractory to first-line therapy.",
    "Early relapse": "Progression within 12 months of first-line therapy (ZUMA-7, TRANSFORM).",
    "Early CAR-T failure": "Progression 6 months or less after CAR-T infusion (DESCAR-T's split).",
    "Epitope masking": "An antibody bound to CD19 hides the epitope another antibody (a test "
    "reagent or a CAR) would bind: a test can read low or negative without CD19 loss.",
    "4G7 / FMC63": "The anti-CD19 clones behind tafasitamab (4G7) and the commercial CAR-T "
    "binders (FMC63); their epitopes partly overlap.",
    "LE-CD19": "An IHC clone binding an intracellular CD19 epitope: not blocked by "
    "tafasitamab, but blind to whether the extracellular part CAR-T binds is intact.",
    "Washout": "Time between the last tafasitamab dose and leukapheresis or CAR-T infusion.",
    "Clopper-Pearson CI": "Exact binomial confidence interval for a proportion; wide for small n.",
    "Immortal-time bias": "Patients must survive long enough to receive a treatment, which "
    "flatters that treatment in retrospective comparisons.",
    "Selection bias": "Registries see only the patients who reached a treatment (e.g. CAR-T).",
}
