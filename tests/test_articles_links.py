"""Links: translations across languages and near-duplicate re-posts, within and across documents."""
from __future__ import annotations

import copy
import difflib
import hashlib
import importlib.util
import random
from pathlib import Path

import pytest
from datasketch import MinHash, MinHashLSH

from frontwatch.articles import link_articles, links, split_document
from frontwatch.articles.links import DUPLICATE_THRESHOLD, translation_score
from frontwatch.ingest import read_sources
from frontwatch.models import Article, Document

ROOT = Path(__file__).resolve().parent.parent

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


def test_of_two_matching_earlier_articles_the_first_in_window_order_is_the_original():
    rng = random.Random(3)
    words = [f"w{rng.randrange(5000)}" for _ in range(200)]
    # A and B each resemble C above the threshold (MinHash estimates 0.92 and 0.83), not each other (0.75)
    a = art("a-00", " ".join(words[0:100]), "en")
    b = art("b-00", " ".join(words[16:116]), "en")
    link_articles([b], previous=[a])
    assert b.duplicate_of is None
    c = art("c-00", " ".join(words[8:108]), "en")
    link_articles([c], previous=[a, b])
    assert c.duplicate_of == "a-00"
    c2 = art("c-00", c.text, "en")
    link_articles([c2], previous=[b, a])
    assert c2.duplicate_of == "b-00"


TOWNS = ("Raqqa Mosul Kirkuk Hawija Tabqa Manbij Palmyra Douma Idlib Hama Sinjar Baiji Ramadi Rawa Anah "
         "Sarmin Harasta Atareb Deir Bukamal Mayadin Sukhnah Qaim Tikrit").split()


@pytest.mark.parametrize("bits", [1, 2, 3, 7, 4096])
def test_name_masks_never_hide_two_shared_names(monkeypatch, bits):
    """The bit masks only spare translation scores of pairs with fewer than two names in common,
    however many names share a bit."""
    monkeypatch.setattr(links, "_MASK_BITS", bits)
    rng = random.Random(bits)
    names = [links._names_of.__wrapped__(" and ".join(rng.sample(TOWNS, rng.randint(1, 8)))) for _ in range(80)]
    spared = 0
    for a in names:
        for b in names:
            if len(a.distinct & b.distinct) >= 2:
                assert links._two_shared(a, b)
            spared += not links._two_shared(a, b)
    if bits == 4096:  # with few collisions most pairs of unrelated lists are spared
        assert spared > 0


# ---- cached features and index against a straightforward reference (the code as it was before the cache)

def _reference_link(articles: list[Article], previous: list[Article], memo: dict) -> None:
    """link_articles recomputed from scratch: a MinHashLSH built per call, every pair scored. MinHash
    values and name features are memoised by text (`memo`) only because they depend on nothing else.
    Of several LSH hits the first inserted counts (datasketch returns them in set order)."""
    ids = {a.article_id for a in articles}
    prev = [p for p in previous if p.article_id not in ids]
    b, r = memo.setdefault("bands", MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=128)).b, memo["bands"].r
    lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=128, params=(b, r))
    known: dict[str, tuple[Article, MinHash]] = {}
    new_ids = {id(a) for a in articles}
    for x in [*prev, *articles]:
        if not x.text.strip():
            continue
        if ("mh", x.text) not in memo:
            words = links._words(x.text)
            m = MinHash(num_perm=128, seed=1)
            m.update_batch([" ".join(words[i:i + 3]).encode() for i in range(max(1, len(words) - 2))])
            memo["mh", x.text] = m
        mh = memo["mh", x.text]
        if id(x) in new_ids and x.duplicate_of is None:
            order = list(known)
            hits = sorted((k for k in lsh.query(mh) if k in known), key=order.index)
            hits = [known[k] for k in hits]
            hits = [(o, m) for o, m in hits if o.language == x.language and m.jaccard(mh) >= DUPLICATE_THRESHOLD]
            if hits:
                x.duplicate_of = hits[0][0].duplicate_of or hits[0][0].article_id
        if x.article_id not in known:
            known[x.article_id] = (x, mh)
            lsh.insert(x.article_id, mh)

    def features(x: Article):
        if ("names", x.text) not in memo:
            months = links._month_skeletons()
            memo["names", x.text] = ([s for s in links._name_skeletons(x.text[:50000]) if s not in months],
                                     links._numbers(x.text))
        return memo["names", x.text]

    def score(a: Article, b: Article) -> float:
        if not a.language or not b.language or a.language == b.language or not a.text or not b.text:
            return 0.0
        ratio = len(b.text) / len(a.text)
        if b.language == "ar" or a.language == "ar":
            ratio = ratio if b.language == "ar" else 1 / ratio
            if not 0.45 <= ratio <= 1.3:
                return 0.0
        elif not 0.6 <= ratio <= 1.6:
            return 0.0
        (sa, na), (sb, nb) = features(a), features(b)
        shared = set(sa) & set(sb)
        small = min(len(set(sa)), len(set(sb)))
        if len(shared) < 2 or not small:
            return 0.0
        xa, xb = [s for s in sa if s in shared], [s for s in sb if s in shared]
        blocks = difflib.SequenceMatcher(None, xa, xb, autojunk=False).get_matching_blocks()
        names = len(shared) / small * 2 * sum(m.size for m in blocks) / (len(xa) + len(xb))
        if names < 0.06:
            return names
        return names + 0.2 * (len(na & nb) / len(na | nb) if na and nb else 0.0)

    originals = [a for a in articles if a.duplicate_of is None]
    rest = [p for p in prev if p.duplicate_of is None]
    scored = [(s, a, b) for i, a in enumerate(originals) for b in originals[i + 1:] + rest
              if (s := score(a, b)) >= 0.12]
    used: set[int] = set()
    for _, a, b in sorted(scored, key=lambda t: -t[0]):
        if id(a) in used or id(b) in used:
            continue
        used.update((id(a), id(b)))
        translation, original = (a, b) if links._is_translation(a, b) else (b, a)
        if id(translation) in new_ids and translation.translation_of is None:
            translation.translation_of = original.article_id


def _generated_pages(tmp_path, n: int) -> list[list[Article]]:
    """Generated English and Arabic reports (benchmarks/corpus.py), one document each, plus re-posts:
    a copy with a share line in a later document, a copy on the same page, a re-post of a re-post,
    a blank article and an article whose id repeats an earlier one."""
    spec = importlib.util.spec_from_file_location("fw_corpus", ROOT / "benchmarks" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    docs = [d for d in read_sources([str(p) for p in corpus.generate(tmp_path, n, 4, seed=11)])
            if isinstance(d, Document)]
    pages = [split_document(d) for d in docs]
    rng = random.Random(5)
    for k in range(0, len(pages) - 1, 7):
        src = rng.choice([a for page in pages[:k + 1] for a in page])
        copy = art(f"re{k}-00", src.text + "\n\nShare this:", src.language)
        pages[k + 1].append(copy)
        pages.insert(k + 2, [art(f"re{k}-01", src.text.replace(",", ";", 2), src.language),
                             art(f"re{k}-02", copy.text + " Related", src.language),
                             art(f"re{k}-03", "  \n", src.language)])
    pages.append([art(pages[3][0].article_id, pages[3][0].text, pages[3][0].language)])
    return pages


@pytest.mark.parametrize("window", [40, 2000])
def test_cached_linking_gives_the_links_of_the_reference(tmp_path, window):
    pages = _generated_pages(tmp_path, 150)
    fast, slow = copy.deepcopy(pages), copy.deepcopy(pages)
    memo: dict = {}
    for run, link in ((fast, link_articles), (slow, lambda a, p: _reference_link(a, p, memo))):
        previous: list[Article] = []
        for page in run:
            link(page, previous)
            previous = (previous + page)[-window:]
    got = [(a.article_id, a.translation_of, a.duplicate_of) for page in fast for a in page]
    want = [(a.article_id, a.translation_of, a.duplicate_of) for page in slow for a in page]
    assert sum(1 for _, t, _ in want if t) > 20 and sum(1 for *_, d in want if d) > 20
    assert got == want
