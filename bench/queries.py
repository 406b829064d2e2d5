"""The realistic queries the bench scripts type: lay words, nutrients, abbreviations, typos, questions."""

QUERIES: list[str] = [
    # lay words and phrases
    "twitching", "pins and needles", "tired all the time", "brain fog", "craving ice",
    "hair loss", "numb feet", "burning feet", "sore tongue", "cracked corners of mouth",
    "bleeding gums", "easy bruising", "pale skin", "cold hands", "weak bones",
    "muscle cramps", "restless legs", "memory loss", "shortness of breath", "spoon nails",
    "night blindness", "slow wound healing", "loss of taste", "dry eyes", "heart racing",
    # nutrients and abbreviations
    "vit d", "Fe", "Mg", "Zn", "K", "b12", "B-12", "vitamin b12", "folic acid", "iodine",
    "MCV", "MMA", "INR", "cobalamin", "hydroxocobalamin", "thiamin",
    # UK/US spellings and textbook words
    "anaemia", "diarrhoea", "oedema", "goitre", "fasciculations", "glossitis", "tetany",
    "osteomalacia", "rickets", "pellagra", "beriberi", "angular cheilitis",
    # drugs and risk factors
    "metformin", "omeprazole", "proton pump inhibitor", "vegan", "gastric bypass", "alcohol",
    "pregnancy",
    # typos
    "fasiculations", "magnesim deficency", "potasium", "scurvey", "parasthesia", "vitamen c",
    # questions and scopes
    "can b12 deficiency cause fasciculations?", "what causes tingling in hands",
    "does low vitamin d cause fatigue?", "symptom: tingl", "nutrient: iron", "treatment: injection",
    # FTS syntax typed as text
    'NEAR("x" AND *',
]
