"""Money: requests and offers of money, fees or rewards; payment details; offers
of news, release or documents about a missing person in exchange for anything.

A story that mentions money in passing ("we paid the smuggler in 2020") is not a
request: a request needs an imperative or an offer next to money, an amount with
a fee, or a word that is only ever an offer (a reward, مژدگانی, انعام, مكافأة)."""

import re

from ._lex import (
    B,
    E,
    Prefiltered,
    Span,
    alternation,
    has_digit,
    near,
    overlaps,
    window_regex,
    word_regex,
)
from .contact import phone_candidates, reported

MONEY = [
    "money", "cash", "payment", "fee", "fees", "amount", "sum", "deposit", "dollars", "dollar",
    "usd", "euros", "euro", "rupees", "rupee", "pkr", "afghanis", "afghani", "tomans", "toman",
    "rials", "rial", "$", "€",
    "argent", "somme", "frais", "montant", "paiement", "virement", "versement",
    "پول", "پولی", "مبلغ", "هزینه", "وجه", "دلار", "تومان", "تومن", "ریال", "یورو", "افغانی",
    "کارمزد", "حق الزحمه",
    "پیسے", "پیسہ", "فیس", "خرچہ", "خرچا", "روپے", "روپیہ", "ڈالر",
    "مال", "المال", "المبلغ", "فلوس", "نقود", "رسوم", "الرسوم", "دولار", "أتعاب", "اجرة",
    "پیسې", "پیسی", "روپۍ", "افغانۍ", "ډالر", "لګښت",
]  # fmt: skip
ASK = [
    # English: imperatives, obligations, offers
    "send", "transfer", "wire", "deposit", "pay", "donate", "lend me", "give me", "give us",
    "you must pay", "you have to pay", "you need to pay", "you should pay", "i need",
    "we need", "i will pay", "we will pay", "i will give", "we will give", "i can pay",

    "for a fee", "small fee", "processing fee", "advance payment", "payment first",
    "is needed", "are needed", "is required", "are required", "is necessary",
    "est nécessaire", "sont nécessaires", "est demandé", "il faut",
    "لازم است", "لازمه", "نیاز است", "ضروری ہے", "چاہئیں", "چاہیے", "مطلوب", "يلزم",
    "پکار دي", "پکار ده", "ضرور دي",
    # French
    "envoyez", "envoyer", "versez", "payez", "virez", "transférez", "il faut payer",
    "vous devez payer", "faites un virement", "je paierai", "je donnerai",

    # Persian / Dari
    "بفرستید", "بفرست", "بفرستین", "واریز کنید", "واریز کن", "واریز کنین", "بریزید", "بریز",
    "بپردازید", "بپرداز", "پرداخت کنید", "پرداخت کن", "کارت به کارت کنید", "کارت به کارت",
    "باید بپردازید", "لازم است", "میپردازم", "میدهم", "می دهم", "میدیم",
    "قرض بدهید",
    # Urdu
    "بھیجیں", "بھیج دیں", "بھیجو", "بھیج دو", "جمع کرائیں", "جمع کروائیں", "ادا کریں",
    "ادا کرو", "دیں", "دے دیں", "دینے ہوں گے", "دینا ہوگا", "دوں گا",
    # Arabic
    "أرسل", "ارسل", "ارسلوا", "أرسلوا", "ابعث", "ابعثوا", "حول", "حوّل", "حولوا", "ادفع",
    "ادفعوا", "عليك دفع", "عليكم دفع", "يجب دفع", "يجب الدفع", "تدفع", "سأدفع", "سأعطي",

    # Pashto
    "ولیږئ", "ولیږه", "راولیږئ", "راولیږه", "ورکړئ", "ورکړه", "وسپارئ", "تادیه کړئ",
    "باید ورکړئ", "ورکوم",
]  # fmt: skip
# Words that are only ever an offer of money for news: a reward.
REWARD = [
    "reward", "rewards", "récompense", "پاداش خوبی", "پاداش می‌گیرد", "پاداش میدهم",
    "پاداش می‌دهیم", "پاداش نقدی", "مژدگانی", "مژدگونی", "شیرینی میدهم", "جایزه میدهم",
    "انعام", "انعام دیا جائے گا", "مكافأة", "مكافاة", "جائزة مالية", "بخشش",
]  # fmt: skip
_MONEY = word_regex(MONEY)
# "God reward you", "may Allah reward them": a blessing, not an offer.
_BLESSING = re.compile(r"(?:god|allah|may)\s+reward|reward\s+(?:you|them|him|her)\b")
# "to pay debts", "we send money home": a bare verb after these is not addressed to the reader.
_NOT_IMPERATIVE = re.compile(
    B
    + alternation(
        ["to", "we", "i", "they", "he", "she", "could", "would", "did", "didn't", "had", "have",
         "used to", "able to", "pour", "nous", "on", "ils", "il", "elle", "je", "j'ai", "avons"]
    )
    + r"\s+$"
)  # fmt: skip


def asks_in(text: str) -> list[Span]:
    """Requests and offers, leaving out a story's own verbs and someone else's words."""
    found = []
    for match in _ASK.finditer(text):
        start = match.start()
        if reported(text, start) or _NOT_IMPERATIVE.search(text, max(0, start - 12), start):
            continue
        found.append(match.span())
    return found


_ASK = word_regex(ASK)
_REWARD = word_regex(REWARD)
# (Two patterns, each starting with one kind of character: Python's `re` then skips
# quickly to where a match can start, which a pattern starting with "a|b" loses.)
# Bounded and possessive (`{0,20}+`): a post of 50,000 digits must not make `re`
# try every split of them at every position.
_SIGN_AMOUNT = re.compile(r"[$€]\s?\d[\d,.\s]{0,20}+")
_AMOUNT = re.compile(
    r"\d[\d,.]{0,20}+\s?(?:\$|€|"
    + alternation(
        ["k", "usd", "dollars", "dollar", "euros", "euro", "eur", "rupees", "rs", "pkr", "afn",
         "afghanis", "tomans", "toman", "rials", "lakh", "lakhs", "thousand", "million",
         "دلار", "تومان", "تومن", "ریال", "هزار", "میلیون", "ڈالر", "روپے", "ہزار", "لاکھ",
         "دولار", "ألف", "الف", "مليون", "ډالر", "افغانۍ", "زره", "mille", "euros"]
    )
    + E
    + ")"
)  # fmt: skip


def amounts_in(text: str) -> list[Span]:
    if not has_digit(text):
        return []
    found = [m.span() for m in _AMOUNT.finditer(text)]
    if "$" in text or "€" in text:
        found += [m.span() for m in _SIGN_AMOUNT.finditer(text)]
    return found


# A price: "250 euro per search", "۵۰۰ دلار برای هر پرونده".
_PER_SERVICE = re.compile(
    r"\s*(?:per|each|a|par|pour\s+chaque|pour\s+une?|برای\s+هر|هر|فی|لكل|لکل|د\s+هر)\s+"
    + alternation(
        ["search", "case", "file", "request", "visit", "document", "name", "inquiry", "recherche",
         "dossier", "demande", "visite", "پرونده", "جستجو", "درخواست", "کیس", "فائل", "تلاش",
         "بحث", "ملف", "طلب", "دوسیه", "لټون", "غوښتنه"]
    )
)  # fmt: skip
# A fee stated now: "the fee is twenty thousand", "خرچہ بیس ہزار ہے", "الرسوم ألف دولار".
FEES = [
    "fee", "fees", "charge", "admin cost", "administrative cost", "processing cost",
    "service charge", "frais de dossier", "frais administratifs", "هزینه اداری", "هزینه تماس",
    "هزینه پیگیری", "the cost", "it costs", "frais", "هزینه‌اش", "هزینش", "کارمزد",
    "حق الزحمه", "خرچہ", "خرچا", "فیس", "رسوم", "الرسوم", "أتعاب", "الأتعاب", "التكلفة",
]  # fmt: skip
_FEE = word_regex(FEES)
_AMOUNT_WORDS = window_regex(
    ["thousand", "hundred", "lakh", "million", "mille", "cent", "هزار", "صد", "میلیون", "ہزار",
     "لاکھ", "سو", "ألف", "آلاف", "مئة", "مليون", "زره", "سوه", "ملیون"]
)  # fmt: skip
_NOW = window_regex(
    ["is", "are", "only", "just", "est", "sont", "seulement", "است", "هست", "میشود", "میشه",
     "فقط", "ہے", "ہیں", "صرف", "هو", "هي", "ده", "دی", "دي", "یوازې", "will be", "sera"]
)  # fmt: skip
_THEN = window_regex(
    ["was", "were", "had", "paid", "cost us", "était", "a coûté", "avons payé", "بود", "شد",
     "دادیم", "تھا", "تھی", "تھے", "دیے", "كان", "كانت", "دفعنا", "و", "وه", "وې", "ورکړې"]
)  # fmt: skip


def _fees_stated(text: str, amounts: list[Span]) -> list[Span]:
    found = []
    for fee in _FEE.finditer(text):
        window = text[fee.start() : fee.end() + 50]
        has_amount = any(fee.start() <= a < fee.end() + 50 for a, _ in amounts)
        if not (has_amount or _AMOUNT_WORDS.search(window)):
            continue
        if _NOW.search(window) and not _THEN.search(window) and not reported(text, fee.start()):
            found.append((fee.start(), min(len(text), fee.end() + 50)))
    return found


# "Anyone who finds my father gets 1000 USD": a reward without the word.
_ANYONE = word_regex(
    ["anyone who", "whoever", "the person who", "quiconque", "celui qui", "هر کس", "هرکس",
     "هر کسی", "جو بھی", "جو کوئی", "من يجد", "لمن", "من يساعد", "چا چې", "هر څوک"]
)  # fmt: skip


def money_requests(text: str) -> list[Span]:
    """Requests and offers of money, fees and rewards."""
    money = [m.span() for m in _MONEY.finditer(text)]
    amounts = amounts_in(text)
    found = [
        m.span()
        for m in _REWARD.finditer(text)
        if not _BLESSING.search(text, max(0, m.start() - 12), m.end() + 8)
    ]
    found += [(start, end) for start, end in amounts if _PER_SERVICE.match(text, end)]
    found += _fees_stated(text, amounts)
    for anyone in _ANYONE.finditer(text) if amounts else ():
        for start, end in amounts:
            between = text[anyone.end() : start]
            if 0 <= start - anyone.end() <= 80 and not _THEN.search(between):
                found.append((anyone.start(), end))  # "whoever finds him gets 1000 USD"
                break
    if money or amounts:
        found.extend(near(asks_in(text), money + amounts, 30))
    return found


# --- Payment details --------------------------------------------------------------

# (It starts at the check digits, found fast, and looks back for the country code.)
_IBAN = re.compile(r"\d(?<=[a-z][a-z]\d)\d(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?(?![a-z0-9])")


def iban_valid(candidate: str) -> bool:
    """ISO 13616 checksum: move the first four characters to the end, letters to
    numbers (A=10…), and the whole must be 1 modulo 97."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


ACCOUNT_WORDS = [
    "account", "account number", "account no", "a/c", "acct", "iban", "swift", "bank",
    "sheba", "card number", "card no", "compte", "rib", "numéro de compte", "carte",
    "شماره حساب", "حساب", "شماره کارت", "کارت", "شبا", "بانک",
    "اکاؤنٹ", "اکاونٹ", "اکاؤنٹ نمبر", "کھاتہ", "بینک", "کارڈ نمبر", "آئی بان",
    "رقم الحساب", "الحساب", "حسابي", "بطاقة", "رقم البطاقة", "البنك", "ايبان",
    "حساب نمبر", "بانک حساب", "کارت شمېره",
]  # fmt: skip
_ACCOUNT = Prefiltered(alternation(ACCOUNT_WORDS) + r"\W{0,6}(?:\S+\W+){0,2}$", ACCOUNT_WORDS)
AGENTS = [
    "western union", "westernunion", "moneygram", "money gram", "hawala", "hundi", "jazzcash",
    "jazz cash", "easypaisa", "easy paisa", "sadapay", "nayapay", "remitly", "worldremit",
    "ria money", "paypal", "skrill", "wise transfer", "mtcn", "binance", "usdt", "bitcoin",
    "حواله", "حوالہ", "حواله دار", "هوالہ", "هندی", "جاز کیش", "ایزی پیسہ", "ایزی پیسا",
    "وسترن یونیون", "ویسترن یونیون", "ویسٹرن یونین", "ويسترن يونيون", "موني جرام", "الحوالة",
    "حوالة", "حواله", "هوالا", "بایننس", "تتر", "بیت کوین",
]  # fmt: skip
_AGENT = word_regex(AGENTS)
# "دس ہزار روپے ایزی پیسہ کریں": the service's name used as a verb.
_DO_IT = re.compile(r"\s+" + alternation(["کریں", "کرو", "کر دیں", "کیجیے", "کنید", "کن"]) + E)
# An agent advertised: "ask for Abu Karim, he does hawala cheaply".
_AGENT_OFFER = word_regex(
    ["ask for", "contact", "cheap", "cheaply", "best rate", "good rate", "low fee", "any amount",
     "same day", "we do", "he does", "i do", "ارزان", "بهترین نرخ", "تماس بگیرید", "سستا",
     "سستی", "رابطہ کریں", "بہترین ریٹ", "أرخص", "ارخص", "بأفضل سعر", "تواصل", "ارزانه",
     "pas cher", "meilleur taux", "contactez"]
)  # fmt: skip
_CRYPTO = (
    re.compile(r"[13][a-z0-9]{25,34}(?![a-z0-9])"),  # Bitcoin (legacy)
    re.compile(r"(?:bc1[a-z0-9]{20,60}|0x[0-9a-f]{40}|t[a-z0-9]{33})(?![a-z0-9])"),
)


def _alone(text: str, match: re.Match) -> bool:
    """Not the tail of a longer word or number."""
    return match.start() == 0 or not text[match.start() - 1].isalnum()


def payment_numbers(text: str) -> list[Span]:
    """IBANs (checksum), card numbers (Luhn), bank account numbers next to the
    word for account, crypto wallet addresses."""
    if not has_digit(text):
        return []
    found = []
    for match in _IBAN.finditer(text):
        start = match.start() - 2
        if (start == 0 or not text[start - 1].isalnum()) and iban_valid(text[start : match.end()]):
            found.append((start, match.end()))
    for match in (m for pattern in _CRYPTO for m in pattern.finditer(text) if _alone(text, m)):
        token = match.group()
        if sum(c.isdigit() for c in token) >= 3 and sum(c.isalpha() for c in token) >= 3:
            found.append(match.span())
    for span, digits, groups in phone_candidates(text):
        if overlaps(span, found) or any(not g.isdigit() for g in groups):
            continue
        before = text[max(0, span[0] - 40) : span[0]]
        if (_ACCOUNT.search(before) and 6 <= len(digits) <= 24) or (
            len(digits) in (15, 16, 19)
            and not text.startswith("+", span[0])
            and luhn_valid(digits)
            and (len(digits) == 16 or all(len(g) == 4 for g in groups[:-1]))
        ):
            found.append(span)
    return found


def payment_agents(text: str) -> list[Span]:
    """Money-transfer agents and mobile money (hawala, JazzCash, Easypaisa…)
    named with an instruction or a number; a story's mention is not held."""
    agents = [m.span() for m in _AGENT.finditer(text)]
    if not agents:
        return []
    offers = [m.span() for m in _AGENT_OFFER.finditer(text)]
    numbers = [span for span, _, _ in phone_candidates(text)] if has_digit(text) else []
    doing = [(start, m.end()) for start, end in agents if (m := _DO_IT.match(text, end))]
    return near(agents, numbers, 60) + near(agents, asks_in(text) + offers, 30) + doing


def payment_details(text: str) -> list[Span]:
    return payment_numbers(text) + payment_agents(text)


# --- News, release or documents for something in return ------------------------------

OFFER = [
    # what a scammer offers
    "i have news", "i have information", "i will tell you where", "i can tell you where",
    "tell you where he is", "tell you where she is", "i have info", "i know where", "we know where",
    "i can find", "i can get him", "i can get her", "i can get them", "i can bring news",
    "i can help you find", "i can arrange", "we can arrange", "i can give you information",
    "i have contacts", "i know someone in the prison", "i can send you", "i can give you",
    "i can find your", "we find people", "we can find", "we trace", "پیدا کړم",
    "پیدا کولای شم", "پیدایش می‌کنیم", "پیدا کر سکتا", "تلاش کر سکتا", "أستطيع أن أجد",
    "يمكننا إيجاد", "نتابع ملفات", "فائل نکلوا", "nous retrouvons", "nous pouvons retrouver",
    "accélérer le dossier", "speed up the case", "پرونده را سریع", "transmettre un message",
    "pass him a message", "pass her a message", "deliver a message", "i know a guard",
    "je connais un gardien", "پیام برساند", "پیغام پہنچا", "صدایش را بشنوید", "بات کروانے",
    "add him to the", "add her to the", "release list",
    "get your son out", "get your daughter out", "get your husband out", "get him released",
    "get her released",
    "get him out", "get her out", "his release", "her release", "their release",
    "news about your", "information about your", "photo of your", "documents for",
    "death certificate", "his body", "her body",
    "j'ai des nouvelles", "j'ai des informations", "je sais où", "je peux le faire libérer",
    "je peux la faire libérer", "sa libération", "des nouvelles de votre", "je peux retrouver",
    "je peux vous envoyer", "je peux vous donner", "je peux le faire sortir", "photo récente",
    "خبر دارم", "ازش خبر دارم", "اطلاعات دارم", "میدانم کجاست", "میدونم کجاست", "می دانم کجاست",
    "آزادش کنم", "آزادش میکنم", "آزاد کنم", "آزادی پسرتان", "آزادی", "مدارکش", "مدارک",
    "جسدش", "جسد", "عکسش", "خبری از پسرتان", "میتوانم پیدایش کنم", "پیدایش میکنم",
    "خبر ہے", "معلومات ہیں", "معلومات دے سکتا", "معلومات دے سکتی", "پتا ہے کہاں",
    "رہا کروا سکتا", "رہا کروا دوں", "رہائی", "کاغذات", "لاش", "ڈھونڈ سکتا",
    "آپ کو بھیج سکتا", "میتوانم برایتان بفرستم",
    "لدي معلومات", "عندي معلومات", "عندي أخبار", "لدي أخبار", "أعرف مكان", "اعرف مكان",
    "الإفراج", "الافراج", "إطلاق سراح", "اطلاق سراح", "وثائق", "جثة", "جثته", "صورة ابنك",
    "إخراج", "اخراج", "أستطيع أن أرسل لك", "يمكنني أن أرسل", "يمكنني إخراج", "أستطيع إخراج",
    "خبر لرم", "معلومات لرم", "پوهیږم چېرته", "پوهېږم چیرته", "خوشې کول", "خوشې کولای",
    "ازادول", "اسناد", "جسد یې",
]  # fmt: skip
EXCHANGE = [
    "in exchange", "in return", "contre", "contre paiement", "for a fee", "for money",
    "if you pay", "if you send",
    "after payment", "once you pay", "for a price", "for a small", "pay first",
    "en échange", "en contrepartie", "moyennant", "si vous payez", "contre de l'argent",
    "در ازای", "در عوض", "در قبال", "در مقابل", "به شرط", "اگر پول", "اگر بپردازید",
    "کے بدلے", "بدلے میں", "کے عوض", "اگر آپ پیسے", "پیسوں کے",
    "مقابل", "لقاء", "بشرط", "إذا دفعت", "اذا دفعت", "إذا أرسلت",
    "په بدل کې", "په بدل کی", "که پیسې", "په عوض",
]  # fmt: skip
_OFFER = word_regex(OFFER)
_EXCHANGE = word_regex(EXCHANGE)


def information_for_money(text: str, money: list[Span] = ()) -> list[Span]:
    """Offers of news, release, documents or a body in exchange for anything."""
    offers = [s for s in (m.span() for m in _OFFER.finditer(text)) if not reported(text, s[0])]
    if not offers:
        return []
    exchanges = [m.span() for m in _EXCHANGE.finditer(text)]
    found = near(offers, exchanges + list(money), 250)
    found += near(offers, [m.span() for m in _MONEY.finditer(text)], 60)
    if has_digit(text):  # "… contre 500 euros je vous donne l'adresse"
        found += near(offers, amounts_in(text), 120)
    return found
