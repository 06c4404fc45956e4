"""quizapp: bilingual terminal study app for machine-learning interviews."""

__version__ = "0.1.0"
