"""Questions in French, German, Spanish, Italian or Dutch, read through word lists kept in the knowledge base.

The facts stay in English: a question is mapped word by word (and phrase by phrase) to the English words the
knowledge base is indexed with, and the reply's fixed phrases follow the question's language.
"""

from __future__ import annotations

from knowledge.loader import KnowledgeBase
from knowledge.text import original_words, words

MAX_PHRASE_WORDS = 4


class Translator:
    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.translations = knowledge.translations
        self._english_words = set(knowledge.language.stopwords)

    def detect(self, folded: list[str]) -> str:
        """The language whose marker words the question uses most; English when none stands out."""
        best, best_hits = "en", 0
        english_hits = sum(1 for w in folded if w in self._english_words)
        for code, translation in self.translations.items():
            hits = sum(1 for w in folded if w in translation.markers)
            if hits > best_hits:
                best, best_hits = code, hits
        if best_hits == 0 or english_hits > best_hits * 2:
            return "en"
        return best

    def to_english(self, text: str) -> tuple[str, str]:
        folded = words(text)
        language = self.detect(folded) if self.translations else "en"
        if language == "en":
            return "en", text
        typed = original_words(text)
        if len(typed) != len(folded):
            typed = folded
        phrases = self.translations[language].phrases
        out: list[str] = []
        position = 0
        while position < len(folded):
            for size in range(min(MAX_PHRASE_WORDS, len(folded) - position), 0, -1):
                phrase = " ".join(folded[position : position + size])
                if phrase in phrases:
                    if phrases[phrase]:
                        out.append(phrases[phrase])
                    position += size
                    break
            else:
                out.append(typed[position])
                position += 1
        return language, " ".join(out)
