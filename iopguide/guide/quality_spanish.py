"""The quality checks' Spanish rules: reading ease and person-first wording for Spanish articles
(quality.py applies them to an article whose language is Spanish).

Reading ease is Fernández-Huerta's formula (206.84 − 60 × syllables per word − 1.02 × words per
sentence; 100 is easiest), from textstat with its Spanish syllable rules: 60–70 is plain text,
"normal"; the guide aims for 65 or more, about the English guide's 8th grade.
"""

import re

from .quality_warning import QualityWarning

MIN_READING_EASE = 65

# Proper names that contain a flagged word but are fine to write in full.
PROPER_NAMES = re.compile(
    r"Alcoh[oó]licos An[oó]nimos|Narc[oó]ticos An[oó]nimos|Al-Anon|Alateen", re.IGNORECASE
)
PERSON_WITH_SUD = "“persona con un trastorno por consumo de sustancias”"
# Words before "alcohólico" that make it a label for a person ("un alcohólico", "padre
# alcohólico"), not a drink ("bebidas alcohólicas").
PERSON_BEFORE = (
    r"un|una|el|la|los|las|unos|unas|es|son|era|eran|fue|soy|eres|somos|ser|sea|sean|como|"
    r"persona|personas|padre|padres|madre|madres|hijo|hija|hijos|hijas|pareja|esposo|esposa|"
    r"familiar|familiares|amigo|amiga"
)
LIMPIO_SUCIO = r"(?:limpi|suci)[oa]s?"
# Word or phrase → person-first wording to suggest.
STIGMATIZING_TERMS = [
    (r"\bdrogadict[oa]s?\b", f"{PERSON_WITH_SUD} o “persona que consume drogas”"),
    (r"\badict[oa]s?\b", PERSON_WITH_SUD),
    (
        rf"\b(?:{PERSON_BEFORE})\s+alcoh[oó]lic[oa]s?\b",
        "“persona con un trastorno por consumo de alcohol”",
    ),
    (r"\babusador(?:a|es|as)?\b", f"“persona que consume drogas” o {PERSON_WITH_SUD}"),
    # "limpio"/"sucio" only where they describe a person or a test, not a kitchen.
    (
        rf"\b(?:estar|estoy|est[aá]s?|est[aá]n|estaba|estaban|estuvo|estuve|mantenerse|"
        rf"mantenerme|mantiene|seguir|sigue|sigo|siguen|llevo|lleva|salir|sali[oó]|salieron|"
        rf"sale|salen|dio|dieron)\s+{LIMPIO_SUCIO}\b|"
        rf"\b(?:pruebas?|an[aá]lisis|muestras?|ex[aá]menes|examen|orina|resultados?|tiempo|"
        rf"d[ií]as|meses|a[nñ]os)\s+(?:de\s+\w+\s+)?{LIMPIO_SUCIO}\b",
        "“negativo” o “positivo” para los resultados de pruebas; “en recuperación” o “sin "
        "consumir” para las personas",
    ),
]
STIGMATIZING = [
    (re.compile(pattern, re.IGNORECASE), advice) for pattern, advice in STIGMATIZING_TERMS
]


def reading_ease(text: str) -> float:
    """Fernández-Huerta reading ease of Spanish `text` (higher is easier)."""
    from textstat.textstat import textstatistics  # loads nltk, which takes a second

    # An instance of its own: set_lang on textstat's shared one would change English checks.
    spanish = textstatistics()
    spanish.set_lang("es")
    return round(spanish.fernandez_huerta(text), 1) if text.strip() else 100.0


def check_reading_ease(text: str) -> list[QualityWarning]:
    ease = reading_ease(text)
    if ease >= MIN_READING_EASE:
        return []
    return [
        QualityWarning(
            "reading-ease",
            f"Spanish reading ease (Fernández-Huerta) is about {ease:g}; aim for "
            f"{MIN_READING_EASE} or higher (shorter sentences and shorter words help).",
        )
    ]
