"""b12ref: an offline reference for nutrient deficiencies and their symptoms."""

__version__ = "0.1.0"
