"""What the bundled data requires us to say: the Human Phenotype Ontology's acknowledgement,
with the HPO release the symptom terms come from (db/content/HPO-RELEASE, written by
db/hpo_sync.py). The About box and NOTICE both carry it. Standard library only."""

from __future__ import annotations

from b12ref import paths

HPO_URL = "https://hpo.jax.org"
HPO_LICENSE_URL = "https://hpo.jax.org/license"
HPO_CITATION = ("Gargano MA, Matentzoglu N, Coleman B, et al. The Human Phenotype Ontology in 2024: "
                "phenotypes around the world. Nucleic Acids Res. 2024;52(D1):D1333-D1346. "
                "doi:10.1093/nar/gkad1005")


def hpo_release() -> str:
    """The HPO release (hp.obo data-version) the symptom names and synonyms were taken from."""
    path = paths.content_dir() / "HPO-RELEASE"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "unrecorded"


def hpo_acknowledgement(release: str | None = None) -> str:
    """The short statement the HPO licence asks products that use the HPO to display."""
    release = release or hpo_release()
    return (f"This product uses the Human Phenotype Ontology (release {release}). "
            f"Find out more at {HPO_URL}.")


def hpo_terms() -> str:
    """The licence conditions, in a sentence, and how this app keeps them."""
    return ("The HPO is freely available under the HPO Consortium's licence "
            f"({HPO_LICENSE_URL}), which asks that the Consortium be acknowledged and cited, that the "
            "release be shown and that HPO content not be altered. HPO term names, ids and synonyms are "
            "shown as published; b12ref's own lay words, grades and links are its own and not part of "
            "the HPO. b12ref is not endorsed by the HPO Consortium.")
