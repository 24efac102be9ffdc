"""Forum screening (support/forum/screening): each detector on its own, with
obfuscated forms in every script, and the harmless look-alikes it must let pass.
The labelled set in tests/data/ measures them together (test_screening_labelled)."""

import pytest

from support.forum.screening import CODES, redact, screen
from support.forum.screening.contact import emails, handles, phones, private_channels
from support.forum.screening.money import (
    iban_valid,
    information_for_money,
    luhn_valid,
    money_requests,
    payment_details,
)
from support.forum.screening.personal import addresses, id_numbers, iran_national_code_valid
from support.text import fold, normalise

ALLOW = ("icrc.org", "familylinks.icrc.org", "tracetheface.org", "ifrc.org")


def codes(text: str) -> set[str]:
    return set(screen(text, allowlist=ALLOW).codes)


def matched(detector, text: str) -> list[str]:
    """What `detector` found, as the folded text's substrings."""
    folded = fold(text).text
    return [folded[start:end] for start, end in detector(folded)]


# --- The fold: the shared normaliser with a way back ---------------------------------


@pytest.mark.parametrize(
    "text",
    ["مي‌خواهم كتاب ۱۲۳ ٤٥ Réunion ـسلامٌ", "Straße ﻻ ｆａｍｉｌｙ", "خانۀ ما", "ٱلسلام"],
)
def test_fold_folds_as_the_normaliser_does(text):
    assert " ".join(fold(text).text.split()) == normalise(text)


def test_fold_folds_latin_lookalikes_and_joins_spelt_out_words():
    assert fold("WhаtsАpp").text == "whatsapp"  # Cyrillic а and А
    assert fold("Τelegram").text == "telegram"  # Greek capital tau
    assert fold("w h a t s a p p me").text == "whatsapp me"
    assert fold("t.e.l.e.g.r.a.m").text == "telegram"
    assert fold("و ا ت س ا پ").text == "واتساپ"
    assert fold("I am at a b c").text == "i am at a b c"  # three letters are not a word


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("تماس: ۰۹۱۲‌۳۴۵‌۶۷۸۹ لطفا", "۰۹۱۲‌۳۴۵‌۶۷۸۹"),  # Persian digits, zero-width joiners inside
        ("call w h a t s a p p +92 300 1234567", "+92 300 1234567"),
        ("ﻻ ﻻ ٠٣٠٠١٢٣٤٥٦٧", "٠٣٠٠١٢٣٤٥٦٧"),  # presentation forms before (NFKC grows them)
    ],
)
def test_spans_point_into_the_original_text(text, number):
    [reason] = screen(text, allowlist=ALLOW).reasons
    [(start, end)] = reason.spans
    assert text[start:end] == number


def test_redact_removes_what_held_the_post_and_keeps_the_rest():
    text = "My son Omar is missing. Call 0300 1234567 or write to omar.family@gmail.com."
    result = screen(text, allowlist=ALLOW)
    assert redact(text, result.spans) == "My son Omar is missing. Call ••• or write to •••."
    assert redact("abc", []) == "abc"


# --- Phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "+92 300 1234567",
        "0092-300-1234567",
        "(0300) 123 45 67",
        "0912.345.6789",
        "06 12 34 56 78",
        "۰۹۱۲ ۳۴۵ ۶۷۸۹",  # Persian digits
        "٠٧٩٠ ١٢٣ ٤٥٦٧",  # Arabic-Indic digits
        "0 3 0 0 - 1 2 3 - 4 5 6 7",  # spaced out
        "３００１２３４５６７",  # full-width, ten digits without the trunk zero
        "zero three double one five four seven eight nine two one",
        "o3oo one two three four five six seven",  # letter o for zero, digits and words
        "zéro six un deux trois quatre cinq six sept huit",
        "صفر نه یک دو سه چهار پنج شش هفت هشت نه",
        "صفر تین صفر صفر ایک دو تین چار پانچ چھ سات",
        "صفر سبعة ثمانية واحد اثنان ثلاثة أربعة خمسة ستة سبعة",
        "صفر اووه دری یو دوه دری څلور پنځه شپږ اووه",
        "call me: 5551234",  # seven digits, asked for
    ],
)
def test_phone_numbers_in_any_form(text):
    assert matched(phones, text), text


@pytest.mark.parametrize(
    "text",
    [
        "He left in 2015 and was 17.",
        "between 2014 2015 and 2016",
        "on 12.03.2024",
        "born 04/11/1998",
        "from 1998-05-14 to 2003-01-02",
        "۱۴۰۳/۰۵/۱۲",
        "we paid 1 500 000 rupees",
        "10000000000 rials for the house",
        "case number 12345678",
        "our reference is 2023-01-00457",
        "the hotline 1030",
        "1,500,000",
        "at 10:30 and 12:45",
        "one two three, we counted",
    ],
)
def test_years_dates_amounts_and_references_are_not_phones(text):
    assert matched(phones, text) == [], text


# --- E-mail addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "amina_search@yahoo.com",
        "amina @ yahoo . com",
        "rahima.k82 at gmail dot com",
        "ali (at) hotmail (dot) com",
        "fatou.diallo arobase yahoo point fr",
        "mina.ahmadi ات جی میل دات کام",
        "shazia.b ایٹ دی ریٹ جی میل ڈاٹ کام",
        "ليلى ات هوتميل دوت كوم",
        "gul.wali ات جی میل ډاټ کام",
        "ali at gmail",
    ],
)
def test_email_addresses_also_said_aloud(text):
    assert matched(emails, text), text


@pytest.mark.parametrize(
    "text",
    ["We met at school. It was a good point.", "He was at home at 5.", "I will look at it"],
)
def test_the_word_at_alone_is_not_an_email(text):
    assert matched(emails, text) == []


# --- Handles and private channels -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "@news_for_families",
        "t.me/missingsearch",
        "https://wa.me/33612345678",
        "chat.whatsapp.com/AbCdEf",
        "Telegram ID: ali_k92",
        "آیدی تلگرامم: ali_news_1400",
        "نام کاربری اینستاگرام من amir.search.1401 است",
        "میرا ٹیلیگرام آئی ڈی: imran_pk_92",
        "حسابي على انستغرام: @missing_iraq",
        "ټیلیګرام ایډي: wali_kabul_77",
        "insta: farid.k",
    ],
)
def test_messenger_and_social_handles(text):
    assert matched(handles, text), text


@pytest.mark.parametrize(
    "text",
    ["His Instagram account was closed.", "Follow @ICRC for news", "my Facebook account is open"],
)
def test_plain_words_and_official_accounts_are_not_handles(text):
    assert matched(handles, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "message me on WhatsApp",
        "Wh@tsApp me",
        "w h a t s a p p me",
        "DM me",
        "please inbox me",
        "talk to me on signal, not here",
        "add me on facebook",
        "لطفا در واتساپ به من پیام بدید",
        "تلگرام پیام بدید",
        "پیوی بدید",
        "واٹس ایپ پر رابطہ کریں",
        "مجھے واٹس ایپ کریں",
        "ان باکس کریں",
        "راسلني على الواتساب",
        "تواصلوا معي على الخاص",
        "اكتب لي على التلغرام",
        "واټساپ کې پیغام راکړئ",
        "ما سره په خصوصي پیغام کې اړیکه ونیسئ",
        "Écrivez-moi sur WhatsApp",
        "contactez-moi en privé",
        "MP moi",
        "send me your number",
    ],
)
def test_invitations_to_a_private_channel_in_every_language(text):
    assert matched(private_channels, text), text


@pytest.mark.parametrize(
    "text",
    [
        "his last WhatsApp message was in March",
        "They told me to message them on WhatsApp, I refused.",
        "He said: message me on telegram. It was a scam.",
        "پسرم در تلگرام عکس‌هایش را می‌گذاشت.",
        "میرے بیٹے کا آخری واٹس ایپ پیغام مارچ میں آیا تھا۔",
        "آخر رسالة على الواتساب من ابني كانت في آذار",
        "Nous avons parlé en privé avec la déléguée.",
        "Our telegram group for the circle was lovely.",
    ],
)
def test_a_messenger_named_in_a_story_is_not_an_invitation(text):
    assert matched(private_channels, text) == [], text


# --- Money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "send 300 USD first",
        "you must pay 2000 dollars before Friday",
        "the fee is 150 dollars",
        "Our family offers a reward for news of Samir.",
        "پول را واریز کنید",
        "مژدگانی میدهیم",
        "پچاس ہزار روپے بھیجیں",
        "جو بھی ڈھونڈے اسے انعام دیا جائے گا",
        "حولوا المبلغ فوراً",
        "مكافأة مالية لمن يدل على مكانه",
        "پیسې راولیږئ",
        "envoyez l'argent vite",
        "Récompense de 1000 euros",
    ],
)
def test_requests_and_offers_of_money(text):
    assert matched(money_requests, text), text


@pytest.mark.parametrize(
    "text",
    [
        "We paid the smuggler in 2020.",
        "We spent almost 3,000 dollars on the journey.",
        "After he left we sold the car for 1 500 000 rupees to pay debts.",
        "I need to pay the rent and I have no money.",
        "Someone asked me to pay a fee for news. Be careful.",
        "به قاچاقچی سه هزار دلار دادیم",
        "کسی نے کہا کہ پیسے بھیجو تو خبر ملے گی۔ ہوشیار رہیں",
        "دفعنا للمهرب ٥٠٠٠ دولار في ٢٠١٥",
        "Le voyage nous a coûté 4 000 euros.",
        "On m'a demandé 300 euros pour une photo, j'ai refusé.",
    ],
)
def test_money_in_a_story_is_not_a_request(text):
    assert matched(money_requests, text) == [], text


def test_checksums():
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB82 WEST 1234 5698 7654 33")
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iran_national_code_valid("0012345678") is False
    assert iran_national_code_valid("0499370899")  # a valid code (check digit 9)
    assert not iran_national_code_valid("1111111111")


@pytest.mark.parametrize(
    "text",
    [
        "IBAN GB82 WEST 1234 5698 7654 32",
        "FR76 3000 6000 0112 3456 7890 189",
        "شبا: IR06 2960 0000 0010 0324 2000 01",
        "card 4111 1111 1111 1111",
        "شماره کارت ۶۰۳۷-۹۹۱۲-۳۴۵۶-۷۸۹۲",
        "my account number is 0123456789",
        "حساب بانکی ملت ۱۲۳۴۵۶۷۸۹۰",
        "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
        "send via JazzCash",
        "جاز کیش 03451234567",
        "پیسې په حواله ولیږئ",
        "أرسل المبلغ عبر ويسترن يونيون",
    ],
)
def test_payment_details(text):
    assert matched(payment_details, text), text


@pytest.mark.parametrize(
    "text",
    [
        "GB82 WEST 1234 5698 7654 33",  # checksum wrong (after the word "IBAN" it is held)
        "My husband used to send money home through hawala before 2019.",
        "ہم نے ایزی پیسہ سے پیسے بھیجے تھے",
        "The Easypaisa shop near our house closed.",
    ],
)
def test_not_payment_details(text):
    assert matched(payment_details, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "I have news about your son. In exchange for 300 dollars I tell you where.",
        "For a fee of 150 dollars I can get you the death certificate.",
        "از پسرتان خبر دارم. در ازای ۵۰۰ دلار آدرسش را می‌دهم.",
        "میتوانم آزادش کنم، به شرط اینکه پنجاه میلیون بدهید.",
        "آپ کے بیٹے کی لاش کے کاغذات پیسوں کے بدلے مل سکتے ہیں",
        "لدي معلومات عن ابنك، مقابل ألف دولار",
        "ستاسو د زوی خبر لرم، په بدل کې پنځه سوه ډالر راولیږئ",
        "J'ai des nouvelles de votre fils. Contre 500 euros je vous donne l'adresse.",
    ],
)
def test_news_release_or_documents_for_something_in_return(text):
    folded = fold(text).text
    assert information_for_money(folded, money_requests(folded)), text


# --- Identity documents and addresses ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "CNIC 35202-1234567-3",
        "۳۵۲۰۲-۱۲۳۴۵۶۷-۳",
        "کد ملی من ۰۴۹۹۳۷۰۸۹۹ است",
        "049-937089-9",
        "د تذکرې شمېره مې ۱۴۰۰-۰۱۰۱-۱۲۳۴۵ ده",
        "passport AB1234567",
        "Mon passeport numéro 18AB12345",
        "الرقم الوطني لابني 9981234567",
    ],
)
def test_identity_document_numbers(text):
    assert matched(id_numbers, text), text


def test_a_passport_named_without_a_number_is_not_held():
    assert matched(id_numbers, "His passport was lost in 2019 at the border.") == []


@pytest.mark.parametrize(
    "text",
    [
        "house no 14, street 9, sector G-10",
        "Flat 3, 22 Baker Street",
        "12 rue des Lilas",
        "45 Jinnah Road",
        "تهران، خیابان آزادی، کوچه ۱۲، پلاک ۵",
        "مکان نمبر 7، گلی نمبر 3",
        "حي الجامعة، شارع 14، منزل رقم 22",
        "کارته ۳، کوڅه ۷، د کور نمبر ۱۲",
    ],
)
def test_home_addresses(text):
    assert matched(addresses, text), text


@pytest.mark.parametrize(
    "text",
    [
        "We walked 3 days along the main road.",
        "In 2019 the street was closed.",
        "He was in block 5 of the camp in 2016.",
        "We lived on Street 5 for 20 years.",
        "او در خیابان ۱۶ آذر دانشجو بود.",
        "ما ۱۵ سال در کوچه شهید رجایی زندگی کردیم.",
        "زوجي كان يعمل في شارع الرشيد.",
    ],
)
def test_streets_in_a_story_are_not_addresses(text):
    assert matched(addresses, text) == [], text


# --- Links ----------------------------------------------------------------------------


def test_links_outside_the_allowlist_hold_the_post():
    assert codes("see www.find-your-missing.info/apply") == {"link"}
    assert codes("more on retrouver-les-disparus.fr") == {"link"}
    assert codes("https://familylinks.icrc.org/fr and https://www.icrc.org/ur") == set()
    assert codes("https://tracetheface.org and ifrc.org") == set()
    assert codes("write to ali@example.com") == {"email"}  # the address, not a link


def test_the_allowlist_is_the_callers_or_the_setting(settings):
    assert screen("see https://www.prcs.org.pk/", allowlist=["prcs.org.pk"]).hold is False
    assert screen("see https://www.prcs.org.pk/", allowlist=ALLOW).hold is True
    settings.FORUM_LINK_ALLOWLIST = ["prcs.org.pk"]
    assert screen("see https://www.prcs.org.pk/").hold is False
    assert screen("see https://www.icrc.org/").hold is True
    # A look-alike domain is not a subdomain.
    assert screen("see https://icrc.org.help-now.xyz/", allowlist=ALLOW).hold is True
    assert screen("see https://fakeicrc.org/", allowlist=ALLOW).hold is True


# --- Someone may be at risk -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Some days I think about ending my life.",
        "I want to die.",
        "Parfois je n'ai plus envie de vivre.",
        "گاهی فکر خودکشی به سرم می‌زند.",
        "میخوام بمیرم",
        "کبھی کبھی دل کرتا ہے کہ خودکشی کر لوں",
        "میں مرنا چاہتی ہوں",
        "لا أريد أن أعيش هكذا",
        "أتمنى الموت",
        "نور ژوند نه غواړم",
    ],
)
def test_at_risk_in_every_language_is_not_a_hold(text):
    result = screen(text, allowlist=ALLOW)
    assert result.at_risk, text
    assert result.hold is False
    assert result.codes == ["at_risk"]


@pytest.mark.parametrize(
    "text",
    [
        "My brother disappeared after the suicide attack in Kabul.",
        "برادرم در حمله انتحاری کابل ناپدید شد.",
        "پشاور کے خودکش حملے کے بعد",
        "بعد هجوم انتحاري في بغداد",
        "د کابل په ځانمرګي برید کې",
        "après l'attentat-suicide de 2016",
        "I could die of joy when he called.",
    ],
)
def test_war_words_are_not_at_risk(text):
    assert screen(text, allowlist=ALLOW).at_risk is False, text


# --- The result --------------------------------------------------------------------------


def test_a_reason_has_a_label_and_a_kind_explanation_in_the_authors_language():
    from django.utils import translation

    result = screen("call 0300 1234567, I want to die", allowlist=ALLOW)
    assert result.hold
    assert result.at_risk
    assert [r.code for r in result.reasons] == ["phone", "at_risk"]
    phone = result.reasons[0]
    assert str(phone.label) == "Phone number"
    assert "phone number" in str(phone.explanation)
    with translation.override("fr"):
        assert str(phone.label) != ""
        assert str(phone.explanation)
    assert set(CODES) >= {r.code for r in result.reasons}


def test_empty_and_huge_posts():
    assert screen("", allowlist=ALLOW).hold is False
    assert screen("   ", allowlist=ALLOW).reasons == ()
    assert screen("word " * 5000, allowlist=ALLOW).hold is False


@pytest.mark.django_db
def test_the_directory_adds_the_national_societies_and_services_sites(settings):
    from support.forum.allowlist import link_allowlist
    from support.library.models import SupportService
    from tests.factories import make_society

    settings.FORUM_LINK_ALLOWLIST = ["icrc.org"]
    society = make_society(tracing_url="https://www.prcs.org.pk/tracing/")
    SupportService.objects.create(
        kind=SupportService.Kind.PSYCHOSOCIAL,
        name_en="Listening line",
        website="https://help.rcs.ir/fa",
    )
    SupportService.objects.create(kind=SupportService.Kind.TRACING, society=society)
    allowlist = link_allowlist()
    assert allowlist == ("help.rcs.ir", "icrc.org", "prcs.org.pk")
    text = "See https://www.prcs.org.pk/tracing and help.rcs.ir/fa, not www.prcs-help.xyz"
    [reason] = screen(text, allowlist=allowlist).reasons
    assert [text[start:end] for start, end in reason.spans] == ["www.prcs-help.xyz"]


def test_the_way_back_agrees_with_a_character_by_character_map():
    """Characters that fold to nothing (ZWNJ, harakat, tatweel) or to several (ß,
    ﻻ) move offsets: every folded range maps back onto the original characters."""
    import random

    from support.text import _FOLD_TABLE

    pieces = ["a", "B", "ß", "ﻻ", "\u200c", "ي", "۱", "é", "\u064b", "ـ", "Ｆ", "𝟎", " "]
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        folded = fold(text)
        origin = [i for i, char in enumerate(text) for _ in _FOLD_TABLE.get(ord(char), char)]
        for start in range(len(folded.text)):
            for end in range(start + 1, len(folded.text) + 1):
                assert folded.span(start, end) == (origin[start], origin[end - 1] + 1), text


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20000,
        "1," * 10000,
        "1." * 10000,
        "1 " * 10000,
        "a@b" + ".c" * 10000,
        "street 1 " * 2500,
        "whatsapp " * 2500,
        "٠" * 20000,
        "a." * 10000,
    ],
    ids=["digits", "commas", "dots", "spaces", "email", "streets", "apps", "arabic", "domain"],
)
def test_hostile_posts_cost_linear_time(text):
    """No pattern may try every split of a long run at every position: a post of
    20,000 such characters is screened in well under a second (it took minutes)."""
    import time

    started = time.process_time()
    screen(text, allowlist=ALLOW)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("what\u200bsapp me", "private_channel"),  # a zero-width space inside the name
        ("تلگـــرام پیام بدید", "private_channel"),  # tatweel stretching the word
        ("واتس‌آپ پیام بدید", "private_channel"),  # ZWNJ and alef madda
        ("Τеlеgrаm ID: ali_k92", "messenger"),  # Greek and Cyrillic look-alikes
        ("0\u200c3\u200c0\u200c0 1234567", "phone"),  # zero-width non-joiners between digits
        ("ﺷﻤﺎﺭﻩ ۰۹۱۲۳۴۵۶۷۸۹", "phone"),  # Arabic presentation forms before the digits
        ("ali\u00adkhan@gmail.com", "email"),  # a soft hyphen inside the address
        ("ｗｗｗ．ｆｉｎｄ－ｎｅｗｓ．ｘｙｚ", "link"),  # full-width letters and dots
    ],
)
def test_invisible_characters_stretches_and_lookalikes_do_not_hide_anything(text, code):
    assert code in screen(text, allowlist=ALLOW).codes, text


def test_nothing_of_a_post_stays_in_memory_after_screening():
    from support.forum.screening import _lex
    from support.forum.screening.contact import phone_candidates

    screen("call me on 0300 1234567, message me on WhatsApp", allowlist=ALLOW)
    assert _lex._words_at.cache_info().currsize == 0
    assert phone_candidates.cache_info().currsize == 0
