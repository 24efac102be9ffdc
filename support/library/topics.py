"""The library's first topics, in every language (admins add and rename topics in
the admin). Plain data: migration 0003 and the demo both read it."""

DEFAULT_TOPICS = [
    {
        "slug": "ambiguous-loss",
        "name": {
            "en": "Ambiguous loss",
            "fr": "Perte ambiguë",
            "ar": "الفقدان الغامض",
            "fa": "فقدان مبهم",
            "ur": "غیر واضح جدائی",
            "ps": "مبهم بېلتون",
        },
        "description": {
            "en": "Living with not knowing where a loved one is.",
            "fr": "Vivre sans savoir où se trouve un proche.",
            "ar": "العيش دون معرفة مكان من نحب.",
            "fa": "زندگی با ندانستن اینکه عزیزمان کجاست.",
            "ur": "یہ نہ جاننے کے ساتھ جینا کہ کوئی پیارا کہاں ہے۔",
            "ps": "له دې نه پوهېدو سره ژوند چې ګران مو چېرته دی.",
        },
    },
    {
        "slug": "coping-with-uncertainty",
        "name": {
            "en": "Coping with uncertainty",
            "fr": "Faire face à l'incertitude",
            "ar": "التعامل مع عدم اليقين",
            "fa": "کنار آمدن با بلاتکلیفی",
            "ur": "بے یقینی کا سامنا",
            "ps": "له ناڅرګندتیا سره مقابله",
        },
        "description": {
            "en": "Small steps for the days when nothing is sure.",
            "fr": "De petits pas pour les jours où rien n'est sûr.",
            "ar": "خطوات صغيرة للأيام التي لا شيء فيها مؤكد.",
            "fa": "قدم‌های کوچک برای روزهایی که هیچ چیز قطعی نیست.",
            "ur": "ان دنوں کے لیے چھوٹے قدم جب کچھ بھی یقینی نہ ہو۔",
            "ps": "د هغو ورځو لپاره وړې ګامونه چې هېڅ شی ډاډمن نه وي.",
        },
    },
    {
        "slug": "talking-with-children",
        "name": {
            "en": "Talking with children",
            "fr": "Parler avec les enfants",
            "ar": "الحديث مع الأطفال",
            "fa": "گفتگو با کودکان",
            "ur": "بچوں سے بات چیت",
            "ps": "له ماشومانو سره خبرې",
        },
        "description": {
            "en": "What to say to children, and how to listen to them.",
            "fr": "Que dire aux enfants, et comment les écouter.",
            "ar": "ماذا نقول للأطفال، وكيف نستمع إليهم.",
            "fa": "به کودکان چه بگوییم و چطور به حرفشان گوش دهیم.",
            "ur": "بچوں سے کیا کہیں اور ان کی بات کیسے سنیں۔",
            "ps": "ماشومانو ته څه ووایو او څنګه یې خبرو ته غوږ ونیسو.",
        },
    },
    {
        "slug": "stress-and-sleep",
        "name": {
            "en": "Stress and sleep",
            "fr": "Stress et sommeil",
            "ar": "التوتر والنوم",
            "fa": "استرس و خواب",
            "ur": "ذہنی دباؤ اور نیند",
            "ps": "فشار او خوب",
        },
        "description": {
            "en": "Calming the body and mind, and resting again.",
            "fr": "Apaiser le corps et l'esprit, et retrouver le repos.",
            "ar": "تهدئة الجسد والعقل، والعودة إلى الراحة.",
            "fa": "آرام کردن بدن و ذهن، و دوباره استراحت کردن.",
            "ur": "جسم اور ذہن کو پرسکون کرنا، اور پھر سے آرام پانا۔",
            "ps": "د بدن او ذهن ارامول، او بیا ارام کول.",
        },
    },
    {
        "slug": "grief-and-hope",
        "name": {
            "en": "Grief and hope",
            "fr": "Chagrin et espoir",
            "ar": "الحزن والأمل",
            "fa": "اندوه و امید",
            "ur": "غم اور امید",
            "ps": "غم او هیله",
        },
        "description": {
            "en": "Holding sadness and hope at the same time.",
            "fr": "Porter la tristesse et l'espoir en même temps.",
            "ar": "أن نحمل الحزن والأمل في الوقت نفسه.",
            "fa": "غم و امید را هم‌زمان با خود داشتن.",
            "ur": "دکھ اور امید کو ایک ساتھ تھامے رکھنا۔",
            "ps": "خواشیني او هیله په یو وخت کې له ځان سره ساتل.",
        },
    },
    {
        "slug": "caring-for-the-carer",
        "name": {
            "en": "Caring for the carer",
            "fr": "Prendre soin de l'aidant",
            "ar": "رعاية من يقدّم الرعاية",
            "fa": "مراقبت از مراقب",
            "ur": "دیکھ بھال کرنے والے کا خیال",
            "ps": "د پالونکي پاملرنه",
        },
        "description": {
            "en": "For those who hold the family together, and need rest too.",
            "fr": "Pour celles et ceux qui tiennent la famille, et ont aussi besoin de repos.",
            "ar": "لمن يجمعون شمل العائلة، ويحتاجون إلى الراحة أيضاً.",
            "fa": "برای کسانی که خانواده را سرپا نگه می‌دارند و خودشان هم به استراحت نیاز دارند.",
            "ur": "ان کے لیے جو خاندان کو سنبھالے ہوئے ہیں اور جنہیں خود بھی آرام چاہیے۔",
            "ps": "د هغو لپاره چې کورنۍ یې سره ټینګه ساتلې او خپله هم ارام ته اړتیا لري.",
        },
    },
    {
        "slug": "staying-safe-from-scams",
        "name": {
            "en": "Staying safe from scams",
            "fr": "Se protéger des arnaques",
            "ar": "الحماية من الاحتيال",
            "fa": "در امان ماندن از کلاهبرداری",
            "ur": "دھوکہ دہی سے محفوظ رہنا",
            "ps": "له درغلۍ خوندي پاتې کېدل",
        },
        "description": {
            "en": "Tracing is free: how to recognise people who ask for money.",
            "fr": "La recherche est gratuite : reconnaître ceux qui demandent de l'argent.",
            "ar": "البحث عن المفقودين مجاني: كيف تتعرف على من يطلب المال.",
            "fa": "جستجو رایگان است: چطور کسانی را که پول می‌خواهند بشناسیم.",
            "ur": "تلاش مفت ہے: پیسے مانگنے والوں کو کیسے پہچانیں۔",
            "ps": "لټون وړیا دی: هغه کسان څنګه وپېژنو چې پیسې غواړي.",
        },
    },
    {
        "slug": "how-tracing-works",
        "name": {
            "en": "How tracing works",
            "fr": "Comment fonctionne la recherche",
            "ar": "كيف يعمل البحث عن المفقودين",
            "fa": "جستجوی خانواده چگونه انجام می‌شود",
            "ur": "تلاش کا طریقہ کار",
            "ps": "لټون څنګه کار کوي",
        },
        "description": {
            "en": "What the Red Cross and Red Crescent tracing services do, step by step.",
            "fr": "Ce que font les services de recherche de la Croix-Rouge et du Croissant-Rouge.",
            "ar": "ما تقوم به خدمات البحث في الصليب الأحمر والهلال الأحمر، خطوة بخطوة.",
            "fa": "خدمات جستجوی صلیب سرخ و هلال احمر قدم به قدم چه می‌کنند.",
            "ur": "ریڈ کراس اور ریڈ کریسنٹ کی تلاش کی خدمات قدم بہ قدم کیا کرتی ہیں۔",
            "ps": "د سره صلیب او سره میاشتې د لټون خدمتونه ګام په ګام څه کوي.",
        },
    },
]


def topic_columns(topic: dict) -> dict[str, str]:
    """{'name_en': …, 'name_fa': …, 'description_en': …} for one topic."""
    columns = {}
    for field in ("name", "description"):
        for language, text in topic[field].items():
            columns[f"{field}_{language}"] = text
    return columns
