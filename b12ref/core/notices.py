"""What b12ref says about itself wherever it shows or prints a page, declared once."""

NOT_MEDICAL_ADVICE = ("b12ref is a reference, not medical advice. It cannot diagnose you: see a doctor "
                      "about symptoms that worry you, and at once about red flags. Doses are reference "
                      "figures from the cited sources, not prescriptions.")
NOT_MEDICAL_ADVICE_SHORT = "Not medical advice: a reference to discuss with a clinician."
NOT_A_DIAGNOSIS = ("This is not a diagnosis. Many symptoms have causes other than a deficiency; "
                   "a clinician and blood tests are needed to know.")
