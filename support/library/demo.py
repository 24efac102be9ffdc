"""The library's demo: resources in six languages (some translations of each
other), every topic covered, a recording with its transcript, a PDF made here,
one draft waiting for review at Islamabad, and the support-services directory for
Pakistan, Iran, Türkiye and Switzerland. Built through the services; idempotent
(what exists already is left as it is).

The telephone numbers are examples, not real: every one is marked so. The two
web addresses for every country are the real public ones.
"""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from conference.models import User
from hubs.models import NationalSociety
from sessions_app.models import Session
from support.library import services
from support.library.models import Resource, SupportService, Topic
from support.library.topics import DEFAULT_TOPICS, topic_columns

FILES = Path(__file__).resolve().parent / "demo_files"
EDITOR_EMAIL = "library-editor@example.org"

# Each group is one resource and its translations: (owner, kind, topics, audience,
# extra) and one entry per language. Owners: "global", or a demo hub's slug.
LIVING_WITH_NOT_KNOWING = {
    "owner": "global",
    "kind": "article",
    "topics": ["ambiguous-loss", "coping-with-uncertainty"],
    "for_sessions": True,
    "versions": {
        "en": (
            "Living with not knowing",
            "When someone we love is missing, there is no goodbye and no end. "
            "This is called ambiguous loss. It is not a weakness to feel stuck: "
            "it is a hard situation, not a failure.",
            "When a relative is missing, the people who love them live between hope and "
            "fear, sometimes for years. Psychologists call this **ambiguous loss**: a loss "
            "with no clear end, no goodbye and no place to grieve.\n\n"
            "## What many families tell us\n\n"
            "- Some days are full of hope, others are heavy. Both are normal.\n"
            "- Friends may not know what to say, or may say it is time to move on.\n"
            "- Holding on and going on with life can happen at the same time.\n\n"
            "## Small things that help\n\n"
            "1. Keep one small ritual for your loved one: a candle, a prayer, a walk.\n"
            "2. Talk with people who understand: other families, a counsellor.\n"
            "3. Let yourself rest. Waiting is work too.\n\n"
            "You are not alone. Families all over the world live with the same question, "
            "and many find ways to carry it.",
        ),
        "fa": (
            "زندگی با ندانستن",
            "وقتی عزیزی گم شده است، نه خداحافظی در کار است و نه پایانی. به این "
            "«فقدان مبهم» می‌گویند. احساس درماندگی ضعف نیست؛ این وضعیت سخت است.",
            "وقتی یکی از اعضای خانواده گم شده است، کسانی که دوستش دارند میان امید و "
            "نگرانی زندگی می‌کنند، گاهی سال‌ها. روان‌شناسان به این **فقدان مبهم** "
            "می‌گویند: فقدانی بی‌پایان، بی‌خداحافظی و بی‌جایی برای سوگواری.\n\n"
            "## آنچه بسیاری از خانواده‌ها می‌گویند\n\n"
            "- بعضی روزها پر از امید است و بعضی روزها سنگین. هر دو طبیعی است.\n"
            "- دوستان شاید ندانند چه بگویند، یا بگویند وقتش است که فراموش کنی.\n"
            "- می‌شود هم امید را نگه داشت و هم به زندگی ادامه داد.\n\n"
            "## کارهای کوچکی که کمک می‌کند\n\n"
            "۱. یک کار کوچک و همیشگی برای عزیزتان داشته باشید: شمعی، دعایی، قدم زدنی.\n"
            "۲. با کسانی حرف بزنید که درک می‌کنند: خانواده‌های دیگر، یک مشاور.\n"
            "۳. به خودتان اجازهٔ استراحت بدهید. انتظار هم کار است.\n\n"
            "شما تنها نیستید. خانواده‌های زیادی در سراسر دنیا با همین پرسش زندگی "
            "می‌کنند و راهی برای تحمل آن پیدا می‌کنند.",
        ),
        "ur": (
            "نہ جاننے کے ساتھ جینا",
            "جب کوئی پیارا لاپتہ ہو تو نہ الوداع ہوتا ہے نہ اختتام۔ اسے غیر واضح "
            "جدائی کہتے ہیں۔ پھنسا ہوا محسوس کرنا کمزوری نہیں، یہ ایک مشکل حالت ہے۔",
            "جب خاندان کا کوئی فرد لاپتہ ہو تو اس سے محبت کرنے والے امید اور خوف کے "
            "درمیان جیتے ہیں، کبھی کبھی برسوں تک۔ ماہرین اسے **غیر واضح جدائی** کہتے ہیں: "
            "ایسا نقصان جس کا کوئی واضح اختتام نہیں۔\n\n"
            "## جو بہت سے خاندان بتاتے ہیں\n\n"
            "- کچھ دن امید سے بھرے ہوتے ہیں، کچھ بھاری۔ دونوں فطری ہیں۔\n"
            "- دوست شاید نہ جانیں کہ کیا کہیں۔\n"
            "- امید رکھنا اور زندگی جاری رکھنا ایک ساتھ ہو سکتا ہے۔\n\n"
            "## چھوٹی باتیں جو مدد کرتی ہیں\n\n"
            "1. اپنے پیارے کے لیے کوئی چھوٹی سی رسم رکھیں: دعا، چراغ، سیر۔\n"
            "2. ان لوگوں سے بات کریں جو سمجھتے ہیں۔\n"
            "3. خود کو آرام کرنے دیں۔ انتظار بھی محنت ہے۔\n\n"
            "آپ اکیلے نہیں ہیں۔",
        ),
        "ar": (
            "العيش مع عدم المعرفة",
            "عندما يُفقد شخص نحبه، لا يكون هناك وداع ولا نهاية. يُسمّى هذا الفقدان "
            "الغامض. الشعور بالعجز ليس ضعفاً، بل هو وضع صعب.",
            "عندما يُفقد أحد أفراد العائلة، يعيش من يحبونه بين الأمل والخوف، أحياناً "
            "لسنوات. يسمي المختصون هذا **الفقدان الغامض**: فقدان بلا نهاية واضحة ولا وداع.\n\n"
            "## ما تخبرنا به عائلات كثيرة\n\n"
            "- بعض الأيام مليئة بالأمل، وبعضها ثقيل. كلاهما طبيعي.\n"
            "- قد لا يعرف الأصدقاء ماذا يقولون.\n"
            "- يمكن أن نتمسك بالأمل ونستمر في الحياة في الوقت نفسه.\n\n"
            "## أشياء صغيرة تساعد\n\n"
            "1. خصّص طقساً صغيراً لمن تحب: شمعة، دعاء، نزهة.\n"
            "2. تحدّث مع من يفهمك: عائلات أخرى، مرشد.\n"
            "3. اسمح لنفسك بالراحة. الانتظار عمل أيضاً.\n\n"
            "لست وحدك.",
        ),
        "ps": (
            "له نه پوهېدو سره ژوند",
            "کله چې یو ګران مو ورک وي، نه خدای پاماني شته او نه پای. دې ته مبهم "
            "بېلتون وايي. د بې وسۍ احساس کمزوري نه ده، دا یو سخت حالت دی.",
            "کله چې د کورنۍ یو غړی ورک وي، هغه کسان چې ورسره مینه لري د هیلې او وېرې "
            "ترمنځ ژوند کوي، کله کله د کلونو لپاره. دې ته **مبهم بېلتون** وايي.\n\n"
            "## ډېرې کورنۍ څه وايي\n\n"
            "- ځینې ورځې له هیلې ډکې وي، ځینې درنې. دواړه طبیعي دي.\n"
            "- ملګري ښايي ونه پوهېږي چې څه ووايي.\n"
            "- هیله ساتل او ژوند ته دوام ورکول په یو وخت کېدای شي.\n\n"
            "## وړې کارونه چې مرسته کوي\n\n"
            "1. د خپل ګران لپاره یو کوچنی دود ولرئ: دعا، څراغ، ګرځېدل.\n"
            "2. له هغو خلکو سره خبرې وکړئ چې پوهېږي.\n"
            "3. ځان ته د ارام اجازه ورکړئ.\n\n"
            "تاسو یوازې نه یاست.",
        ),
        "fr": (
            "Vivre sans savoir",
            "Quand un proche a disparu, il n'y a ni adieu ni fin. On parle de perte "
            "ambiguë. Se sentir bloqué n'est pas une faiblesse : la situation est dure.",
            "Quand un membre de la famille a disparu, ceux qui l'aiment vivent entre espoir "
            "et peur, parfois pendant des années. On appelle cela une **perte ambiguë** : "
            "une perte sans fin claire, sans adieu, sans lieu pour le deuil.\n\n"
            "## Ce que nous disent beaucoup de familles\n\n"
            "- Certains jours sont pleins d'espoir, d'autres sont lourds. Les deux sont "
            "normaux.\n"
            "- Les amis ne savent pas toujours quoi dire.\n"
            "- On peut garder espoir et continuer à vivre en même temps.\n\n"
            "## De petites choses qui aident\n\n"
            "1. Gardez un petit rituel pour votre proche : une bougie, une prière, une marche.\n"
            "2. Parlez avec des personnes qui comprennent.\n"
            "3. Accordez-vous du repos. Attendre, c'est aussi un effort.\n\n"
            "Vous n'êtes pas seul·e.",
        ),
    },
}

BREATHING_TRANSCRIPTS = {
    "en": "Hello. This is a short exercise to help you feel calmer. Sit comfortably. "
    "Breathe in slowly and count to four. Hold your breath and count to four. Breathe "
    "out gently and count to six. Do this three times. You are not alone.",
    "fa": "سلام. این یک تمرین کوتاه برای آرام شدن است. راحت بنشینید. آرام نفس بکشید و "
    "تا چهار بشمارید. نفس را نگه دارید و تا چهار بشمارید. آرام بیرون بدهید و تا شش "
    "بشمارید. این کار را سه بار تکرار کنید. شما تنها نیستید.",
}

BREATHING = {
    "owner": "online-2025",
    "kind": "audio",
    "topics": ["stress-and-sleep", "coping-with-uncertainty"],
    "for_sessions": True,
    "versions": {
        "fa": (
            "تمرین تنفس برای لحظه‌های سخت",
            "یک صدای کوتاه (۲۶ ثانیه) برای آرام شدن، با متن کامل آن. صدای ضبط‌شده "
            "مصنوعی است؛ می‌توانید متن را هم بخوانید.",
            "breathing-fa.mp3",
            26,
        ),
        "en": (
            "A breathing exercise for hard moments",
            "A short recording (18 seconds) to help you calm down, with its full "
            "transcript. The voice is synthetic; you can read the words instead.",
            "breathing-en.mp3",
            18,
        ),
    },
}

CHILDREN = {
    "owner": "islamabad-2025",
    "kind": "article",
    "topics": ["talking-with-children"],
    "audience": "children",
    "versions": {
        "en": (
            "What to tell children when someone is missing",
            "Children notice more than we think. Simple, true words help them more than "
            "silence. Some ideas for parents and carers.",
            "Children feel that something is wrong even when nobody says it. Silence can "
            "frighten them more than the truth.\n\n"
            "- Use simple, true words: *We do not know where your uncle is. Many people are "
            "looking for him.*\n"
            "- Tell them it is not their fault.\n"
            "- Let them ask the same question many times. Answer calmly each time.\n"
            "- Keep daily routines: meals, school, bedtime.\n"
            "- Let them draw, play or write a letter to the missing person.\n\n"
            "If a child stops sleeping, eating or playing for a long time, ask the hub's "
            "support staff for help.",
        ),
        "ur": (
            "جب کوئی لاپتہ ہو تو بچوں کو کیا بتائیں",
            "بچے ہماری سوچ سے زیادہ محسوس کرتے ہیں۔ سادہ اور سچے الفاظ خاموشی سے "
            "زیادہ مدد کرتے ہیں۔",
            "بچے محسوس کر لیتے ہیں کہ کچھ غلط ہے، چاہے کوئی کچھ نہ کہے۔ خاموشی انہیں "
            "سچ سے زیادہ ڈرا سکتی ہے۔\n\n"
            "- سادہ اور سچے الفاظ استعمال کریں: *ہمیں نہیں معلوم کہ آپ کے چچا کہاں ہیں۔ "
            "بہت سے لوگ انہیں ڈھونڈ رہے ہیں۔*\n"
            "- انہیں بتائیں کہ اس میں ان کا کوئی قصور نہیں۔\n"
            "- انہیں ایک ہی سوال کئی بار پوچھنے دیں۔\n"
            "- روزمرہ کے معمولات جاری رکھیں: کھانا، اسکول، سونا۔\n"
            "- انہیں تصویر بنانے، کھیلنے یا خط لکھنے دیں۔\n\n"
            "اگر بچہ لمبے عرصے تک سو نہ پائے یا کھانا چھوڑ دے تو مرکز کے عملے سے مدد مانگیں۔",
        ),
        "ar": (
            "ماذا نقول للأطفال عندما يُفقد أحد",
            "يلاحظ الأطفال أكثر مما نظن. الكلمات البسيطة الصادقة تساعدهم أكثر من الصمت.",
            "يشعر الأطفال بأن شيئاً ما ليس على ما يرام حتى عندما لا يقول أحد شيئاً. "
            "قد يخيفهم الصمت أكثر من الحقيقة.\n\n"
            "- استخدم كلمات بسيطة وصادقة: *لا نعرف أين عمّك. كثيرون يبحثون عنه.*\n"
            "- قل لهم إن الأمر ليس ذنبهم.\n"
            "- دعهم يسألون السؤال نفسه مرات كثيرة.\n"
            "- حافظ على الروتين اليومي: الطعام، المدرسة، النوم.\n"
            "- دعهم يرسمون أو يلعبون أو يكتبون رسالة.\n\n"
            "إذا توقف الطفل عن النوم أو الأكل لفترة طويلة، اطلب المساعدة من فريق الدعم.",
        ),
    },
}

SCAMS = {
    "owner": "global",
    "kind": "article",
    "topics": ["staying-safe-from-scams", "how-tracing-works"],
    "versions": {
        "en": (
            "Tracing is free: how to recognise a scam",
            "Red Cross and Red Crescent tracing services never ask for money. Anyone who "
            "asks you to pay for news of a relative is not one of them.",
            "Families who search for a relative are sometimes targeted by people who "
            "promise news in exchange for money.\n\n"
            "**Remember:** the tracing services of the Red Cross and Red Crescent are "
            "**free**. They never ask for money, gifts, or your passwords.\n\n"
            "Be careful if someone:\n\n"
            "- asks for money to *speed up* a search;\n"
            "- sends a photo and asks for a payment to tell you more;\n"
            "- contacts you privately and asks you to keep it secret.\n\n"
            "Do not pay. Keep the messages and tell the hub's team or your national "
            "society's tracing service.",
        ),
        "fa": (
            "جستجو رایگان است: کلاهبرداری را بشناسید",
            "خدمات جستجوی صلیب سرخ و هلال احمر هرگز پول نمی‌خواهند. هر کس برای خبری از "
            "عزیزتان پول بخواهد، از آن‌ها نیست.",
            "گاهی افرادی سراغ خانواده‌هایی می‌روند که دنبال عزیزشان هستند و در ازای پول "
            "وعدهٔ خبر می‌دهند.\n\n"
            "**به یاد داشته باشید:** خدمات جستجوی صلیب سرخ و هلال احمر **رایگان** است. "
            "آن‌ها هرگز پول، هدیه یا رمز عبور شما را نمی‌خواهند.\n\n"
            "مراقب باشید اگر کسی:\n\n"
            "- برای *سریع‌تر کردن* جستجو پول بخواهد؛\n"
            "- عکسی بفرستد و برای گفتن بیشتر پول بخواهد؛\n"
            "- خصوصی با شما تماس بگیرد و بخواهد موضوع را پنهان کنید.\n\n"
            "پول ندهید. پیام‌ها را نگه دارید و به تیم مرکز یا خدمات جستجوی جمعیت ملی "
            "خبر بدهید.",
        ),
        "ps": (
            "لټون وړیا دی: درغلي وپېژنئ",
            "د سره صلیب او سرې میاشتې د لټون خدمتونه هېڅکله پیسې نه غواړي.",
            "ځینې وختونه خلک هغو کورنیو ته ورځي چې خپل ګران لټوي او د پیسو په بدل کې "
            "د خبر ژمنه کوي.\n\n"
            "**په یاد ولرئ:** د سره صلیب او سرې میاشتې د لټون خدمتونه **وړیا** دي. "
            "هغوی هېڅکله پیسې، ډالۍ یا پټنوم نه غواړي.\n\n"
            "- که څوک د لټون د *ګړندي کولو* لپاره پیسې وغواړي، مه ورکوئ.\n"
            "- پیغامونه وساتئ او د مرکز ټیم ته ووایاست.",
        ),
        "fr": (
            "La recherche est gratuite : reconnaître une arnaque",
            "Les services de recherche de la Croix-Rouge et du Croissant-Rouge ne demandent "
            "jamais d'argent. Quiconque vous en demande n'en fait pas partie.",
            "Des familles qui cherchent un proche sont parfois approchées par des personnes "
            "qui promettent des nouvelles contre de l'argent.\n\n"
            "**Rappelez-vous :** les services de recherche de la Croix-Rouge et du "
            "Croissant-Rouge sont **gratuits**. Ils ne demandent jamais d'argent, de cadeau "
            "ni vos mots de passe.\n\n"
            "- Ne payez pas.\n"
            "- Gardez les messages et prévenez l'équipe du hub ou le service de recherche "
            "de votre Société nationale.",
        ),
    },
}

CARERS = {
    "owner": "islamabad-2025",
    "kind": "article",
    "topics": ["caring-for-the-carer"],
    "versions": {
        "en": (
            "Caring for yourself while you care for others",
            "Many mothers, fathers and elder siblings hold the whole family together. "
            "You need care too: a few ideas.",
            "If you are the one who keeps the family going, you may forget yourself.\n\n"
            "- Eat and drink, even a little, at regular times.\n"
            "- Share tasks: ask a neighbour, a cousin, an older child.\n"
            "- Take ten minutes a day that are only yours.\n"
            "- Say how you feel to one person you trust.\n\n"
            "Caring for yourself is not selfish. It is how you can keep caring for others.",
        ),
        "fa": (
            "مراقبت از خودتان وقتی از دیگران مراقبت می‌کنید",
            "بسیاری از مادران، پدران و خواهر و برادرهای بزرگ‌تر خانواده را سرپا نگه "
            "می‌دارند. شما هم به مراقبت نیاز دارید.",
            "اگر شما کسی هستید که خانواده را سرپا نگه می‌دارد، شاید خودتان را فراموش "
            "کنید.\n\n"
            "- سر وقت چیزی بخورید و بنوشید، حتی کم.\n"
            "- کارها را تقسیم کنید: از همسایه، خویشاوند یا فرزند بزرگ‌تر کمک بخواهید.\n"
            "- هر روز ده دقیقه فقط برای خودتان باشد.\n"
            "- احساستان را با یک نفر که به او اعتماد دارید در میان بگذارید.\n\n"
            "مراقبت از خود خودخواهی نیست؛ راهی است که بتوانید همچنان از دیگران مراقبت کنید.",
        ),
    },
}

GRIEF = {
    "owner": "global",
    "kind": "article",
    "topics": ["grief-and-hope", "ambiguous-loss"],
    "versions": {
        "ar": (
            "الحزن والأمل يمكن أن يعيشا معاً",
            "لا يجب أن تختار بين الحزن والأمل. كثير من العائلات تحمل الاثنين معاً.",
            "يقول لنا كثيرون: «إذا حزنت، فكأنني فقدت الأمل». لكن الحزن والأمل ليسا "
            "متعارضين.\n\n"
            "- يمكنك أن تحزن على ما فاتك من أيام مع من تحب، وأن تأمل في لقائه.\n"
            "- يمكنك أن تبكي وأن تضحك في اليوم نفسه.\n"
            "- تذكّر الأوقات الجميلة معه: هذا ليس وداعاً.\n\n"
            "خذ وقتك. لا توجد طريقة واحدة صحيحة.",
        ),
        "ur": (
            "غم اور امید ساتھ رہ سکتے ہیں",
            "آپ کو غم اور امید میں سے ایک کو چننا ضروری نہیں۔ بہت سے خاندان دونوں "
            "کو ساتھ لے کر چلتے ہیں۔",
            "بہت سے لوگ کہتے ہیں: «اگر میں غمگین ہوں تو گویا میں نے امید چھوڑ دی»۔ "
            "لیکن غم اور امید ایک دوسرے کے مخالف نہیں۔\n\n"
            "- آپ گزرے دنوں پر غمگین ہو سکتے ہیں اور ملنے کی امید بھی رکھ سکتے ہیں۔\n"
            "- ایک ہی دن رونا اور ہنسنا دونوں ہو سکتے ہیں۔\n"
            "- اچھے وقتوں کو یاد کریں: یہ الوداع نہیں۔\n\n"
            "اپنا وقت لیں۔ کوئی ایک صحیح طریقہ نہیں۔",
        ),
    },
}

SLEEP = {
    "owner": "global",
    "kind": "article",
    "topics": ["stress-and-sleep"],
    "versions": {
        "fr": (
            "Dormir quand l'esprit ne s'arrête pas",
            "Quand on attend des nouvelles, les nuits sont souvent longues. Quelques gestes "
            "simples pour retrouver un peu de repos.",
            "L'inquiétude revient souvent le soir. Voici quelques gestes simples :\n\n"
            "- Couchez-vous et levez-vous à peu près à la même heure.\n"
            "- Éteignez le téléphone une heure avant de dormir, si vous le pouvez.\n"
            "- Écrivez vos pensées sur un papier : elles vous attendront demain.\n"
            "- Respirez lentement : inspirez sur quatre temps, expirez sur six.\n\n"
            "Si le sommeil ne revient pas pendant des semaines, parlez-en à un médecin ou à "
            "l'équipe de soutien.",
        ),
    },
}

LINKS = [
    (
        "ICRC Family Links: find the tracing service in your country",
        "The ICRC's Family Links website lists the tracing services of the Red Cross and "
        "Red Crescent in every country, and explains how to ask for help.",
        "https://familylinks.icrc.org/",
    ),
    (
        "Trace the Face: look for relatives who went to Europe",
        "Trace the Face shows photos of people looking for their families, mostly along "
        "migration routes to Europe. You can publish your own photo through a tracing service.",
        "https://tracetheface.org/",
    ),
]

PDF_TEXT = [
    "How a tracing request works",
    "",
    "1. Contact the tracing service of your national Red Cross or Red Crescent society.",
    "   It is free. Nobody from it will ask you for money.",
    "2. Tell them what you know: names, dates, places, the last news you had.",
    "3. They open a tracing request and share it, with your consent, with the Family",
    "   Links Network in the countries concerned.",
    "4. They keep you informed. Searches can take a long time; you can always ask.",
    "5. If your relative is found, they ask him or her before sharing any news.",
    "",
    "Find your tracing service: familylinks.icrc.org",
    "Look at photos of people searching: tracetheface.org",
]

SESSION_KINDS = [Session.Kind.PSYCHOSOCIAL, Session.Kind.DISCUSSION]
DRAFT_TITLE = "Coming to the Islamabad hub with children"


def simple_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF with `lines` in Helvetica (Latin text only)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream_lines = ["BT", "/F1 16 Tf", "56 780 Td", "18 TL"]
    for number, line in enumerate(lines):
        if number == 1:
            stream_lines.append("/F1 11 Tf")
        stream_lines.append(f"({escape(line)}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def build_topics() -> dict[str, Topic]:
    """The default topics (migration 0003 makes them too; tests run without it)."""
    topics = {}
    for position, data in enumerate(DEFAULT_TOPICS):
        columns = topic_columns(data)
        topic, _ = Topic.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "position": position,
                "name": columns["name_en"],
                "description": columns["description_en"],
                **columns,
            },
        )
        topics[topic.slug] = topic
    return topics


def _editor() -> User:
    """A second global admin, only so that global demo resources are published by
    someone other than their author. It cannot sign in."""
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    if editor is None:
        editor = User.objects.create_user(
            email=EDITOR_EMAIL, password=None, pseudonym="Library editor"
        )
    editor.is_superuser = editor.is_staff = True
    editor.save(update_fields=["is_superuser", "is_staff"])
    return editor


def _people(demo, owner: str):
    """(hub, author, reviewer) for an owner of demo resources."""
    admin = demo.users["admin@example.org"]
    if owner == "global":
        return None, admin, _editor()
    hub = demo.hubs[owner]
    if owner == "islamabad-2025":
        return hub, demo.users["organiser@example.org"], demo.users["support@example.org"]
    return hub, admin, demo.users["support@example.org"]


def _existing(hub, language: str, title: str) -> Resource | None:
    return Resource.objects.filter(hub=hub, language=language, title=title).first()


def _build_group(demo, group: dict, topics: dict, sessions) -> list[Resource]:
    hub, author, reviewer = _people(demo, group["owner"])
    made = []
    first = None
    for language, version in group["versions"].items():
        title, summary = version[0], version[1]
        resource = _existing(hub, language, title)
        if resource is None:
            extra = {}
            if group["kind"] == "article":
                extra["body"] = version[2]
            elif group["kind"] == "audio":
                content = (FILES / version[2]).read_bytes()
                extra["upload"] = SimpleUploadedFile(version[2], content)
                extra["duration_seconds"] = version[3]
                extra["transcript"] = BREATHING_TRANSCRIPTS[language]
            resource = services.resource_create(
                actor=author,
                hub=hub,
                kind=group["kind"],
                title=title,
                summary=summary,
                language=language,
                audience=group.get("audience", Resource.Audience.FAMILIES),
                topics=[topics[slug] for slug in group["topics"]],
                translation_of=first,
                sessions=sessions if group.get("for_sessions") else (),
                **extra,
            )
            services._publish_for_demo(author=author, reviewer=reviewer, resource=resource)
        first = first or resource
        made.append(resource)
    return made


def _build_singles(demo, topics: dict) -> None:
    hub, author, reviewer = _people(demo, "global")
    for title, summary, url in LINKS:
        if _existing(hub, "en", title) is None:
            resource = services.resource_create(
                actor=author,
                hub=hub,
                kind=Resource.Kind.LINK,
                title=title,
                summary=summary,
                language="en",
                url=url,
                topics=[topics["how-tracing-works"]],
            )
            services._publish_for_demo(author=author, reviewer=reviewer, resource=resource)
    title = "How a tracing request works (a one-page guide)"
    if _existing(hub, "en", title) is None:
        resource = services.resource_create(
            actor=author,
            hub=hub,
            kind=Resource.Kind.PDF,
            title=title,
            summary="A printable page: the five steps of a tracing request, from the first "
            "contact to the news. Tracing is free.",
            language="en",
            topics=[topics["how-tracing-works"]],
            upload=SimpleUploadedFile("tracing.pdf", simple_pdf(PDF_TEXT)),
        )
        services._publish_for_demo(author=author, reviewer=reviewer, resource=resource)


def _build_draft(demo, topics: dict) -> None:
    hub, author, _reviewer = _people(demo, "islamabad-2025")
    if _existing(hub, "en", DRAFT_TITLE) is not None:
        return
    resource = services.resource_create(
        actor=author,
        hub=hub,
        kind=Resource.Kind.ARTICLE,
        title=DRAFT_TITLE,
        summary="What to bring, where the quiet room is, and who looks after children "
        "during the sessions.",
        language="en",
        audience=Resource.Audience.CHILDREN,
        topics=[topics["talking-with-children"], topics["caring-for-the-carer"]],
        body="The hub has a quiet room with toys and drawing things. A volunteer stays "
        "with children during the sharing circles.\n\n- Bring water and a snack.\n"
        "- Tell the welcome desk if your child needs anything.",
    )
    services.resource_submit(actor=author, resource=resource)


def build_library(demo) -> None:
    topics = build_topics()
    sessions = list(
        Session.objects.filter(
            conference=demo.conference,
            kind__in=[Session.Kind.PSYCHOSOCIAL, Session.Kind.DISCUSSION],
        ).order_by("starts_at")[:4]
    )
    for group in (LIVING_WITH_NOT_KNOWING, BREATHING, CHILDREN, SCAMS, CARERS, GRIEF, SLEEP):
        _build_group(demo, group, topics, sessions)
    _build_singles(demo, topics)
    _build_draft(demo, topics)
    build_directory(demo)


# The directory ---------------------------------------------------------------------

EXAMPLE = " (example)"
EXAMPLE_NOTE = "Example entry for the demo: the telephone number is not real."

DIRECTORY = [
    # country, kind, society short name, names, languages, zone, days, hours, phone, address
    ("PK", "tracing", "PRCS", {}, ["ur", "en", "ps"], "Asia/Karachi", [0, 1, 2, 3, 4], (9, 17),
     "", ""),
    ("PK", "psychosocial", None,
     {"en": "Family support line" + EXAMPLE, "ur": "خاندانی معاونت لائن (مثال)",
      "ps": "د کورنۍ د ملاتړ لیکه (بېلګه)"},
     ["ur", "en", "ps"], "Asia/Karachi", [0, 1, 2, 3, 4, 5], (10, 18), "+92 51 000 0000", ""),
    ("PK", "legal", None,
     {"en": "Migration and legal advice desk" + EXAMPLE, "ur": "ہجرت اور قانونی مشورہ (مثال)"},
     ["ur", "en"], "Asia/Karachi", [0, 2, 4], (10, 14), "+92 51 000 0001",
     "Example Road 1, Islamabad"),
    ("IR", "tracing", "IRCS", {}, ["fa", "en"], "Asia/Tehran", [5, 6, 0, 1, 2], (8, 15), "", ""),
    ("IR", "psychosocial", None,
     {"en": "Listening line for families" + EXAMPLE, "fa": "خط گوش دادن برای خانواده‌ها (نمونه)"},
     ["fa", "fa-af"], "Asia/Tehran", [5, 6, 0, 1, 2], (9, 21), "+98 21 0000 0000", ""),
    ("TR", "tracing", "TRC", {}, ["tr", "ar", "en"], "Europe/Istanbul", [0, 1, 2, 3, 4], (9, 17),
     "", ""),
    ("TR", "legal", None,
     {"en": "Legal counselling for migrants" + EXAMPLE, "ar": "استشارات قانونية للمهاجرين (مثال)"},
     ["tr", "ar", "fa"], "Europe/Istanbul", [0, 1, 2, 3, 4], (9, 16), "+90 312 000 00 00",
     "Örnek Sokak 1, Ankara"),
    ("CH", "tracing", "ICRC", {}, ["en", "fr", "ar"], "Europe/Zurich", [0, 1, 2, 3, 4], (9, 17),
     "", ""),
    ("CH", "psychosocial", None,
     {"en": "Support line for separated families" + EXAMPLE,
      "fr": "Ligne de soutien aux familles séparées (exemple)"},
     ["fr", "en", "ar"], "Europe/Zurich", [0, 1, 2, 3, 4], (8, 20), "+41 00 000 00 00", ""),
]  # fmt: skip

EVERYWHERE = [
    (
        "family_links",
        {
            "en": "ICRC Family Links",
            "fr": "Rétablissement des liens familiaux (CICR)",
            "ar": "إعادة الروابط العائلية (اللجنة الدولية)",
            "fa": "پیوندهای خانوادگی کمیته بین‌المللی صلیب سرخ",
            "ur": "آئی سی آر سی فیملی لنکس",
            "ps": "د سره صلیب نړیوالې کمېټې د کورنۍ اړیکې",
        },
        {
            "en": "Find the Red Cross or Red Crescent tracing service of any country, and "
            "how to ask it for help. Free.",
            "fa": "خدمات جستجوی صلیب سرخ یا هلال احمر هر کشور را پیدا کنید. رایگان.",
            "ar": "اعثر على خدمة البحث في الصليب الأحمر أو الهلال الأحمر في أي بلد. مجاناً.",
            "ur": "کسی بھی ملک میں ریڈ کراس یا ریڈ کریسنٹ کی تلاش کی خدمت تلاش کریں۔ مفت۔",
            "ps": "د هر هېواد د سره صلیب یا سرې میاشتې د لټون خدمت ومومئ. وړیا.",
            "fr": "Trouvez le service de recherche de la Croix-Rouge ou du Croissant-Rouge "
            "de chaque pays. Gratuit.",
        },
        "https://familylinks.icrc.org/",
    ),
    (
        "trace_the_face",
        {"en": "Trace the Face", "fa": "Trace the Face (جستجوی چهره)", "ar": "Trace the Face"},
        {
            "en": "Photos of people looking for their families, mostly along migration routes "
            "to Europe. Free; ask a tracing service to publish your own.",
            "fa": "عکس کسانی که دنبال خانواده‌شان هستند، بیشتر در مسیرهای مهاجرت به اروپا. رایگان.",
            "ur": "ان لوگوں کی تصاویر جو اپنے خاندان کو ڈھونڈ رہے ہیں، زیادہ تر یورپ کے "
            "راستوں پر۔ مفت۔",
            "ar": "صور لأشخاص يبحثون عن عائلاتهم، غالباً على طرق الهجرة إلى أوروبا. مجاناً.",
        },
        "https://tracetheface.org/",
    ),
]


def _columns(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{code.replace('-', '_')}": text for code, text in texts.items()}


def build_directory(demo) -> None:
    admin = demo.users["admin@example.org"]
    societies = {society.short_name: society for society in NationalSociety.objects.all()}
    for country, kind, society, names, languages, zone, days, hours, phone, address in DIRECTORY:
        society_obj = societies.get(society) if society else None
        existing = SupportService.objects.filter(country=country, kind=kind)
        existing = (
            existing.filter(society=society_obj)
            if society_obj
            else existing.filter(name_en=names["en"])
        )
        if existing.exists():
            continue
        texts = _columns("name", names)
        if not society_obj:
            texts["description_en"] = EXAMPLE_NOTE
        services.support_service_save(
            actor=admin,
            texts=texts,
            country=country,
            kind=kind,
            society=society_obj,
            languages=languages,
            time_zone=zone,
            open_days=days,
            opens_at=datetime.time(hours[0]),
            closes_at=datetime.time(hours[1]),
            phone=phone,
            address=address,
            position=0 if society_obj else 10,
        )
    for kind, names, descriptions, website in EVERYWHERE:
        if SupportService.objects.filter(kind=kind, country="").exists():
            continue
        services.support_service_save(
            actor=admin,
            texts={**_columns("name", names), **_columns("description", descriptions)},
            country="",
            kind=kind,
            languages=["en", "fr", "ar", "fa", "ur", "ps"],
            time_zone="Europe/Zurich",
            website=website,
            position=0,
        )
