"""The bundled YAML decks, shipped inside the wheel as ``quizapp.content``."""
