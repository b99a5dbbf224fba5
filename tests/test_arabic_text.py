"""Arabic normalisation, clitic-aware tokens, sentence splitting and numbers (frontwatch.nlp.arabic)."""
from __future__ import annotations

import pytest

from frontwatch.nlp.arabic import (looks_arabic, normalize_ar, normalize_ar_with_offsets, parse_number_ar,
                                   split_sentences_ar, tokenize_ar)


@pytest.mark.parametrize("raw, folded", [
    ("حرّرتْها", "حررتها"),            # diacritics
    ("الجيـــش", "الجيش"),             # tatweel
    ("أإآٱ", "اااا"),                  # alef and hamza forms
    ("مستشفى", "مستشفي"),              # alef maqsura
    ("مدينة", "مدينه"),                # ta marbuta
    ("مؤسسة", "موسسه"),
    ("٢٠١٧", "2017"),                  # Arabic-Indic digits
    ("۱۹", "19"),                      # Persian digits
    ("٢٫٥", "2.5"),                    # Arabic decimal separator
])
def test_normalize(raw, folded):
    assert normalize_ar(raw) == folded


def test_normalize_offsets_point_back():
    text = "قَصَفَ الطيرانُ"
    norm, offs = normalize_ar_with_offsets(text)
    assert len(norm) == len(offs)
    assert "".join(text[i] for i in offs) == "قصف الطيران"


@pytest.mark.parametrize("word, core", [
    ("وبالبوكمال", "بوكمال"),
    ("للجيش", "جيش"),
    ("والقائم", "قايم"),
    ("فالمدينة", "مدينه"),
    ("وحرّرتْها", "حررتها"),
    ("بلدة", "بلده"),        # not ب + لدة
    ("وصلت", "وصلت"),        # not و + صلت
])
def test_core_guess(word, core):
    assert tokenize_ar(word)[0].core == core


@pytest.mark.parametrize("word, want", [
    ("وبالبوكمال", ("وبال", "بوكمال", "")),
    ("وبالبوكمال", ("وب", "البوكمال", "")),
    ("سيطرتها", ("", "سيطرت", "ها")),
    ("ستقصف", ("س", "تقصف", "")),
    ("بيروت", ("", "بيروت", "")),
])
def test_candidates_include(word, want):
    assert want in tokenize_ar(word)[0].candidates


def test_span_of_core_maps_to_original():
    text = "دخل الجيش وبالبوكمال"
    tok = tokenize_ar(text)[2]
    s, e = tok.span_of("بوكمال")
    assert text[s:e] == "بوكمال"


def test_tokens_keep_offsets_and_kinds():
    text = "قُتل ٥٠ مسلحاً، (ISIS) أمس."
    toks = tokenize_ar(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
    assert [t.kind for t in toks] == ["word", "number", "word", "punct", "punct", "latin", "punct", "word", "punct"]
    assert toks[1].norm == "50"


def test_sentences_split_on_arabic_punctuation():
    # the Arabic semicolon joins clauses of one report ("…؛ ما أسفر عن مقتل …"), so it does not split
    text = "سيطر الجيش على البلدة. هل انسحب التنظيم؟ نعم!\nوفي سياق آخر قصف الطيران المنطقة؛ ثم ماذا"
    sents = split_sentences_ar(text, "a1")
    assert [s.text for s in sents] == [
        "سيطر الجيش على البلدة.", "هل انسحب التنظيم؟", "نعم!", "وفي سياق آخر قصف الطيران المنطقة؛ ثم ماذا"]
    for s in sents:
        assert text[s.start:s.end] == s.text and s.article_id == "a1"


def test_sentences_keep_decimals_and_abbreviations():
    sents = split_sentences_ar("قال د. أحمد إن المسافة 2.5 كيلومتر. انتهى")
    assert len(sents) == 2


@pytest.mark.parametrize("text, value", [
    ("مقتل 50 مسلحاً", 50), ("مقتل ٥٠ مسلحاً", 50), ("مقتل خمسين مسلحاً", 50),
    ("ثلاثة وعشرين", 23), ("ثلاثة عشر", 13), ("مئة وخمسين", 150), ("ثلاثمئة", 300), ("خمسمائة", 500),
    ("ثلاثة آلاف", 3000), ("12 ألف", 12000), ("لا شيء", None),
])
def test_numbers(text, value):
    assert parse_number_ar(text) == value


@pytest.mark.parametrize("text, arabic", [
    ("سيطر الجيش على البلدة", True),
    ("The army captured the town", False),
    ("ارتش سوریه کنترل شهر را به دست گرفت و نیروهای پیشمرگه", False),   # Persian
    ("ارتش سوریه این شهر را تصرف کرد", False),                           # Persian, no Persian-only letter
    ("هێزەکانی پێشمەرگە لە کەرکووک کشانەوە", False),                     # Kurdish (Sorani)
    ("شامی فوج نے شہر پر قبضہ کر لیا ہے", False),                          # Urdu
    ("سیطر الجیش علی البلدة", True),                                      # Arabic typed with Persian ya
    ("Boukamal and Soleimani", False),
    ("", False),
])
def test_looks_arabic(text, arabic):
    assert looks_arabic(text) is arabic


# ---------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةؤئ" + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640" \
    + "،؛؟.!«»()0123456789٠١٢٣ \n"
_ARABIC_TEXT = st.text(alphabet=st.sampled_from(list(_ALPHABET)), max_size=200)


@settings(max_examples=150, deadline=None)
@given(_ARABIC_TEXT)
def test_tokens_always_point_back_into_the_text(text):
    for t in tokenize_ar(text):
        assert text[t.start:t.end] == t.text
        for _, core, _ in t.candidates:
            assert core and core in t.norm


@settings(max_examples=150, deadline=None)
@given(_ARABIC_TEXT)
def test_sentences_lose_and_repeat_nothing(text):
    sents = split_sentences_ar(text)
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))
    assert "".join("".join(s.text.split()) for s in sents) == "".join(text.split())
