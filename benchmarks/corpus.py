"""A synthetic corpus for benchmarks: short war reports in English and Arabic from templates written
for frontwatch (varied places, actors, dates, figures; plain text and HTML pages), as JSON lines
files `frontwatch run` and `frontwatch batch` both read, and optionally the same records as a WARC.

    python benchmarks/corpus.py OUT_DIR [--articles 2000] [--files 20] [--warc] [--seed 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import random
from pathlib import Path

# (English, Arabic, country) — real towns of the Syrian and Iraqi fronts of 2017
PLACES = [
    ("al-Mayadin", "الميادين", "SY"), ("al-Bukamal", "البوكمال", "SY"), ("Raqqa", "الرقة", "SY"),
    ("Deir ez-Zor", "دير الزور", "SY"), ("Tabqa", "الطبقة", "SY"), ("Manbij", "منبج", "SY"),
    ("al-Bab", "الباب", "SY"), ("Palmyra", "تدمر", "SY"), ("al-Sukhnah", "السخنة", "SY"),
    ("Harasta", "حرستا", "SY"), ("Douma", "دوما", "SY"), ("Atareb", "الأتارب", "SY"),
    ("Khan Shaykhun", "خان شيخون", "SY"), ("Maarat al-Numan", "معرة النعمان", "SY"), ("Hama", "حماة", "SY"),
    ("Abu Dali", "أبو دالي", "SY"), ("Sarmin", "سرمين", "SY"), ("Idlib", "إدلب", "SY"),
    ("Hawija", "الحويجة", "IQ"), ("Tal Afar", "تلعفر", "IQ"), ("Rawa", "راوة", "IQ"), ("al-Qaim", "القائم", "IQ"),
    ("Kirkuk", "كركوك", "IQ"), ("Mosul", "الموصل", "IQ"), ("Ramadi", "الرمادي", "IQ"), ("Baiji", "بيجي", "IQ"),
    ("Sinjar", "سنجار", "IQ"), ("Anah", "عنه", "IQ"),
]
# (English, Arabic, countries where it fights)
FORCES = [  # the Arabic verb takes a feminine ending (ت) after the names marked f
    ("the Syrian army", "الجيش السوري", "SY", ""), ("the Syrian Democratic Forces", "قوات سوريا الديمقراطية", "SY", "ت"),
    ("Hayat Tahrir al-Sham", "هيئة تحرير الشام", "SY", "ت"), ("Free Syrian Army factions", "فصائل الجيش الحر", "SY", "ت"),
    ("Iraqi forces", "القوات العراقية", "IQ", "ت"), ("the Popular Mobilization Forces", "الحشد الشعبي", "IQ", ""),
    ("Peshmerga forces", "قوات البيشمركة", "IQ", "ت"),
]
ENEMY = ("Islamic State fighters", "تنظيم داعش")
AIRCRAFT = [("Russian warplanes", "طائرات حربية روسية"), ("coalition aircraft", "طائرات التحالف الدولي"),
            ("Syrian government helicopters", "مروحيات النظام السوري"), ("Iraqi air force jets", "طائرات سلاح الجو العراقي")]
OUTLETS_EN = ["Reuters", "Enab Baladi", "Al-Masdar News", "Rudaw", "Kurdistan 24", "Syria Direct", "Iraqi News"]
OUTLETS_AR = ["سانا", "عنب بلدي", "وكالة الأنباء العراقية", "وكالة هاوار", "شفق نيوز", "السومرية"]
MONITORS = [("the Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"),
            ("local activists", "ناشطين محليين"), ("medical sources", "مصادر طبية")]
AR_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

EN = {
    "capture": ["{force} took full control of {place} on {weekday} after {n} days of fighting with {enemy}, "
                "a military source said.",
                "{Force} said on {weekday} it had captured {place} from {enemy}, and that engineering units "
                "were clearing mines from the streets."],
    "strike": ["{aircraft} struck a market in {place} on {weekday}, killing {k} civilians, according to {monitor}.",
               "At least {k} people were killed when {aircraft} bombed residential areas of {place}, "
               "{monitor} reported."],
    "shelling": ["{enemy} shelled neighbourhoods of {place} with mortars on {weekday}, wounding {w} people.",
                 "Artillery fire from {force} hit the outskirts of {place}, where {enemy} still hold positions."],
    "clash": ["Fierce clashes broke out between {force} and {enemy} on the edges of {place} late on {weekday}.",
              "{Force} repelled an attack by {enemy} near {place}; {k} attackers were killed, it said."],
    "withdraw": ["{enemy} withdrew from {place} towards the desert as {force} advanced from the north.",
                 "Residents said {enemy} had pulled out of {place} before dawn on {weekday}."],
    "claim": ["Pro-government sources claimed that {force} had entered {place}, but this could not be verified.",
              "{enemy} claimed through their news agency to have destroyed {k} vehicles of {force} near {place}."],
}
EN_FILLER = ["The town lies on the main road between {place} and {place2}.",
             "Thousands of families have fled the area since the start of the offensive in {month}.",
             "The campaign is part of a wider push along the Euphrates valley.",
             "Aid groups warned that hospitals in the province were running short of supplies.",
             "A spokesman said the next objective would be {place2}."]
AR = {
    "capture": ["سيطر{t} {force} بشكل كامل على {place} يوم {weekday} بعد {n} أيام من المعارك مع {enemy}، بحسب مصدر عسكري.",
                "أعلن{t} {force} يوم {weekday} تحرير {place} من {enemy}، وبدأت وحدات الهندسة بإزالة الألغام من الشوارع."],
    "strike": ["استهدفت {aircraft} سوقاً شعبياً في {place} يوم {weekday}، ما أدى إلى مقتل {k} مدنياً، بحسب {monitor}.",
               "قُتل {k} شخصاً على الأقل جراء قصف {aircraft} أحياء سكنية في {place}، وفق {monitor}."],
    "shelling": ["قصف {enemy} أحياء {place} بقذائف الهاون يوم {weekday}، ما أسفر عن إصابة {w} أشخاص.",
                 "استهدفت مدفعية {force} أطراف {place} حيث لا يزال {enemy} يتحصن."],
    "clash": ["اندلعت اشتباكات عنيفة بين {force} و{enemy} على أطراف {place} مساء {weekday}.",
              "صد{t} {force} هجوماً شنه {enemy} قرب {place}، وقُتل {k} من المهاجمين."],
    "withdraw": ["انسحب {enemy} من {place} باتجاه البادية مع تقدم {force} من الشمال.",
                 "قال سكان إن {enemy} انسحب من {place} قبل فجر يوم {weekday}."],
    "claim": ["زعمت مصادر موالية للحكومة أن {force} دخل{t} {place}، ولم يتسن التحقق من ذلك.",
              "ادعى {enemy} عبر وكالته تدمير {k} آليات تابعة لـ{force} قرب {place}."],
}
AR_FILLER = ["وتقع البلدة على الطريق الرئيسي بين {place} و{place2}.",
             "ونزحت آلاف العائلات من المنطقة منذ بدء الهجوم في {month}.",
             "وتأتي العملية ضمن حملة أوسع في وادي الفرات.",
             "وحذرت منظمات إغاثة من نقص الإمدادات في مستشفيات المحافظة.",
             "وقال متحدث إن الهدف التالي سيكون {place2}."]
TITLES_EN = {"capture": "{Force} takes {place}", "strike": "Air strikes kill {k} in {place}",
             "shelling": "Shelling hits {place}", "clash": "Heavy fighting near {place}",
             "withdraw": "Islamic State leaves {place}", "claim": "Conflicting claims over {place}"}
TITLES_AR = {"capture": "{force} {yt}سيطر على {place}", "strike": "مقتل {k} بغارات على {place}",
             "shelling": "قذائف على {place}", "clash": "معارك عنيفة قرب {place}",
             "withdraw": "داعش ينسحب من {place}", "claim": "روايات متضاربة حول {place}"}


def _date(rng: random.Random) -> dt.date:
    return dt.date(2017, 9, 1) + dt.timedelta(days=rng.randrange(0, 120))


def article(rng: random.Random, n: int) -> dict:
    """One report as a JSON lines record {url, text|html}; about half are HTML pages."""
    arabic = rng.random() < 0.4
    day = _date(rng)
    place, place2 = rng.sample(PLACES, 2)
    force = rng.choice([f for f in FORCES if f[2] == place[2]])
    kinds = rng.sample(list(EN), 3)
    lang = 1 if arabic else 0
    values = dict(t=force[3], yt="ت" if force[3] else "ي", place=place[lang], place2=place2[lang],
                  force=force[lang], Force=force[lang][:1].upper() + force[lang][1:],
                  enemy=ENEMY[lang], aircraft=rng.choice(AIRCRAFT)[lang], monitor=rng.choice(MONITORS)[lang],
                  n=rng.randint(2, 30), k=rng.randint(3, 80), w=rng.randint(2, 40),
                  weekday=AR_DAYS[day.weekday()] if arabic else day.strftime("%A"),
                  month=AR_MONTHS[day.month - 1] if arabic else day.strftime("%B"))
    templates, filler = (AR, AR_FILLER) if arabic else (EN, EN_FILLER)
    paras = [rng.choice(templates[k]).format(**values) + " " + rng.choice(filler).format(**values) for k in kinds]
    title = (TITLES_AR if arabic else TITLES_EN)[kinds[0]].format(**values)
    outlet = rng.choice(OUTLETS_AR if arabic else OUTLETS_EN)
    dateline = (f"{AR_DAYS[day.weekday()]} {day.day} {AR_MONTHS[day.month - 1]} {day.year}" if arabic
                else day.strftime("%B %-d, %Y"))
    url = f"https://example.org/{'ar' if arabic else 'en'}/{day:%Y/%m/%d}/report-{n}"
    if rng.random() < 0.5:
        return {"url": url, "text": f"{title}\n{outlet}\n{dateline}\n\n" + "\n\n".join(paras) + "\n"}
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    page = (f'<!DOCTYPE html><html lang="{"ar" if arabic else "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} - {html.escape(outlet)}</title></head><body>"
            f'<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{html.escape(title)}</h1>'
            f'<time datetime="{day.isoformat()}">{html.escape(dateline)}</time>\n{body}</article>'
            f"<footer>{html.escape(outlet)}</footer></body></html>")
    return {"url": url, "html": page}


def generate(out: Path, articles: int = 2000, files: int = 20, seed: int = 7, warc: bool = False) -> list[Path]:
    """Writes `files` JSON lines files of `articles` reports in all; with `warc`, one WARC of the same."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    records = [article(rng, i) for i in range(articles)]
    paths = []
    per = -(-articles // files)
    for f in range(files):
        chunk = records[f * per:(f + 1) * per]
        if not chunk:
            break
        path = out / f"reports-{f:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
        paths.append(path)
    if warc:
        paths.append(write_warc(out.parent / f"{out.name}.warc.gz", records))
    return paths


def write_warc(path: Path, records: list[dict]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for r in records:
            kind = "html" if "html" in r else "text"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html" if kind == "html" else "text/plain")],
                                       protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(r["url"], "response", payload=io.BytesIO(r[kind].encode("utf-8")),
                                                http_headers=headers))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--warc", action="store_true", help="also write OUT.warc.gz with the same records")
    a = ap.parse_args()
    for p in generate(a.out, a.articles, a.files, a.seed, a.warc):
        print(p)


if __name__ == "__main__":
    main()
