"""Links: translations across languages and near-duplicate re-posts, within and across documents."""
from __future__ import annotations

import hashlib

from frontwatch.articles import link_articles, split_document
from frontwatch.articles.links import translation_score
from frontwatch.models import Article, Document

EN = ("Iraqi forces entered Kirkuk on October 16 after Peshmerga units withdrew. Prime Minister Haider "
      "al-Abadi said the operation would protect the national wealth. Masoud Barzani had held the referendum "
      "on September 25 despite warnings from Baghdad, Tehran and Ankara; by 2017 the region had lost what it "
      "gained since 2014.")
AR = ("دخلت القوات العراقية كركوك في 16 تشرين الأول بعد انسحاب البيشمركة. وقال رئيس الوزراء حيدر العبادي إن "
      "العملية تحمي الثروة الوطنية. وكان مسعود بارزاني قد أجرى الاستفتاء في 25 أيلول رغم تحذيرات بغداد وطهران "
      "وأنقرة، وخسر الإقليم في 2017 ما كسبه منذ 2014.")
AR_OTHER = ("أعلن الجيش السوري سيطرته على مدينة الميادين في ريف دير الزور بعد معارك مع تنظيم داعش على الضفة "
            "الغربية لنهر الفرات، وقال إن وحدات الهندسة بدأت تفكيك الألغام في الشوارع والأبنية.")


def art(aid: str, text: str, language: str, **kw) -> Article:
    return Article(article_id=aid, document="d", index=0, text=text, language=language, **kw)


def test_translation_is_linked_to_its_original():
    en, ar = art("x-00", EN, "en", translator="T. Person"), art("x-01", AR, "ar")
    link_articles([en, ar])
    assert en.translation_of == "x-01" and ar.translation_of is None


def test_unrelated_articles_in_two_languages_are_not_linked():
    en, ar = art("x-00", EN, "en"), art("x-01", AR_OTHER, "ar")
    assert translation_score(en, ar) < 0.12
    link_articles([en, ar])
    assert en.translation_of is None and ar.translation_of is None


def test_same_language_is_never_a_translation():
    assert translation_score(art("a", EN, "en"), art("b", EN, "en")) == 0.0


def doc(text: str) -> Document:
    raw = text.encode()
    return Document(doc_id=hashlib.sha256(raw).hexdigest(), source="t", raw=raw, text=text, content_type="text")


PAGE_A = "South Front\n\nBattle for Albu Kamal\n\n" + " ".join(
    f"Government troops advanced {i} kilometres along the Euphrates towards the border town." for i in range(30))


def test_repost_on_another_page_is_a_duplicate_of_the_stored_article():
    first = split_document(doc(PAGE_A))
    link_articles(first)
    repost_text = "Related Videos\n\n" + PAGE_A.replace("kilometres", "km", 2) + "\n\nShare this:"
    second = split_document(doc(repost_text))
    link_articles(second, previous=first)
    assert second[0].duplicate_of == first[0].article_id
    assert first[0].duplicate_of is None


def test_different_articles_are_not_duplicates():
    first = split_document(doc(PAGE_A))
    other = split_document(doc("Hawija retaken\n\n" + " ".join(
        f"Iraqi units cleared village number {i} south of Kirkuk on Thursday." for i in range(30))))
    link_articles(other, previous=first)
    assert other[0].duplicate_of is None


def test_translation_of_a_stored_article_links_across_documents():
    stored = art("old-00", AR, "ar")
    new = art("new-00", EN, "en")
    link_articles([new], previous=[stored])
    assert new.translation_of == "old-00"


def test_duplicate_within_one_page_links_to_the_first_copy():
    a = art("p-00", PAGE_A, "en")
    b = art("p-01", PAGE_A + " Share", "en")
    link_articles([a, b])
    assert b.duplicate_of == "p-00" and a.duplicate_of is None
