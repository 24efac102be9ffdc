"""The forum demo's words: what families and staff write to each other, in English,
Persian, Urdu, Arabic, Pashto and French. Written for this project, in the tone of
the people who will read them: plain, warm, sometimes heavy, never clinical.
No real person, place of detention or telephone number is named."""

# Categories: slug -> (kind, hub slug or language, who may start, order, names, descriptions)
# names and descriptions: language -> text (English is the fallback).
CATEGORY_TEXTS = {
    "news": (
        {
            "en": "News from the secretariat",
            "fr": "Nouvelles du secrétariat",
            "ar": "أخبار من الأمانة",
            "fa": "خبرهای دبیرخانه",
            "ur": "سیکریٹریٹ کی خبریں",
            "ps": "د دارالانشا خبرونه",
        },
        {
            "en": "Announcements from the conference team. Only staff start threads here; "
            "everyone can reply.",
            "fr": "Les annonces de l'équipe de la conférence. Seul le personnel ouvre des "
            "discussions ici ; tout le monde peut répondre.",
            "ar": "إعلانات فريق المؤتمر. يبدأ الموظفون وحدهم المواضيع هنا، ويمكن للجميع الرد.",
            "fa": "اطلاعیه‌های تیم همایش. فقط کارکنان اینجا گفتگو را شروع می‌کنند؛ همه "
            "می‌توانند پاسخ بدهند.",
            "ur": "کانفرنس ٹیم کے اعلانات۔ یہاں صرف عملہ بات شروع کرتا ہے؛ جواب سب دے سکتے ہیں۔",
            "ps": "د کنفرانس د ټیم اعلانونه. دلته یوازې کارکوونکي خبرې پیلوي؛ ځواب ټول ورکولی شي.",
        },
    ),
    "hope-and-everyday-life": (
        {
            "en": "Hope and everyday life",
            "fr": "L'espoir et la vie de tous les jours",
            "ar": "الأمل والحياة اليومية",
            "fa": "امید و زندگی روزمره",
            "ur": "امید اور روزمرہ زندگی",
            "ps": "هیله او ورځنی ژوند",
        },
        {
            "en": "How we carry the waiting, day after day: what helps, what weighs, what "
            "we hold on to.",
            "fr": "Comment nous portons l'attente, jour après jour : ce qui aide, ce qui pèse, "
            "ce à quoi nous tenons.",
            "ar": "كيف نحمل الانتظار يومًا بعد يوم: ما يساعد، وما يثقل، وما نتمسك به.",
            "fa": "چطور انتظار را روز به روز تحمل می‌کنیم: چه کمک می‌کند، چه سنگین است، "
            "به چه دل بسته‌ایم.",
            "ur": "ہم انتظار کو دن بہ دن کیسے اٹھاتے ہیں: کیا مدد کرتا ہے، کیا بوجھ ہے، "
            "ہم کس سے جڑے ہیں۔",
            "ps": "موږ انتظار ورځ په ورځ څنګه وړو: څه مرسته کوي، څه درانه دي، په څه ټینګ یو.",
        },
    ),
    "practical-questions": (
        {
            "en": "Practical questions",
            "fr": "Questions pratiques",
            "ar": "أسئلة عملية",
            "fa": "پرسش‌های کاربردی",
            "ur": "عملی سوالات",
            "ps": "عملي پوښتنې",
        },
        {
            "en": "Tracing requests, papers, travel to a hub: families and staff share "
            "what they know. Never post documents or numbers.",
            "fr": "Demandes de recherche, papiers, voyage vers un hub : familles et personnel "
            "partagent ce qu'ils savent. Ne publiez jamais de documents ni de numéros.",
            "ar": "طلبات البحث والأوراق والسفر إلى المركز: تتبادل العائلات والموظفون ما "
            "يعرفونه. لا تنشروا الوثائق أو الأرقام أبدًا.",
            "fa": "درخواست جستجو، مدارک، سفر به مرکز: خانواده‌ها و کارکنان آنچه می‌دانند "
            "را می‌گویند. هرگز مدرک یا شماره منتشر نکنید.",
            "ur": "تلاش کی درخواستیں، کاغذات، مرکز تک سفر: خاندان اور عملہ جو جانتے ہیں "
            "بتاتے ہیں۔ کبھی دستاویزات یا نمبر نہ لکھیں۔",
            "ps": "د لټون غوښتنې، اسناد، مرکز ته سفر: کورنۍ او کارکوونکي هغه څه شریکوي "
            "چې پوهېږي. هېڅکله اسناد یا شمېرې مه لیکئ.",
        },
    ),
}

HUB_DESCRIPTION = {
    "en": "For the families of this hub and the people who work with them.",
    "fr": "Pour les familles de ce hub et les personnes qui travaillent avec elles.",
    "ar": "لعائلات هذا المركز ومن يعملون معها.",
    "fa": "برای خانواده‌های این مرکز و کسانی که با آن‌ها کار می‌کنند.",
    "ur": "اس مرکز کے خاندانوں اور ان کے ساتھ کام کرنے والوں کے لیے۔",
    "ps": "د دې مرکز د کورنیو او له هغوی سره د کار کوونکو لپاره.",
}
HUB_NAME = {
    "en": "Families of {hub}",
    "fr": "Familles de {hub}",
    "ar": "عائلات {hub}",
    "fa": "خانواده‌های {hub}",
    "ur": "{hub} کے خاندان",
    "ps": "د {hub} کورنۍ",
}
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "ps": "پښتو",
}
LANGUAGE_DESCRIPTION = {
    "en": "Talk in English with families from everywhere.",
    "fr": "Parler en français avec des familles de partout.",
    "ar": "تحدّثوا بالعربية مع عائلات من كل مكان.",
    "fa": "به فارسی با خانواده‌ها از همه جا گفتگو کنید.",
    "ur": "ہر جگہ کے خاندانوں سے اردو میں بات کریں۔",
    "ps": "له هر ځای څخه له کورنیو سره په پښتو خبرې وکړئ.",
}

# Threads: (category slug, language, author, title, opening post). Authors: keys of
# demo.users ("family@example.org"…) or "family:N" (the Nth demo family).
# The "family@example.org" thread marked FOLLOWED gets replies after Gul last read it.
FOLLOWED_TITLE = "Thank you to everyone in Tuesday's circle"

THREADS = [
    # English ------------------------------------------------------------------------
    (
        "hub:islamabad-2025",
        "en",
        "family@example.org",
        FOLLOWED_TITLE,
        "I did not say much in the circle, but I listened to every one of you. For the first "
        "time in years I did not feel like the only mother still setting a plate for her son. "
        "Thank you.",
    ),
    (
        "lang:en",
        "en",
        "family:11",
        "How do you answer when people ask 'any news?'",
        "Every week someone at the market asks me. I know they mean well. Some days I smile, "
        "some days I have to walk away. What do you say?",
    ),
    (
        "hope-and-everyday-life",
        "en",
        "family:3",
        "Small rituals that keep us going",
        "My sister and I light a lamp every Friday evening for our brother. It is a small "
        "thing, but it gives the week a shape. Do you have something like that?",
    ),
    (
        "practical-questions",
        "en",
        "family:12",
        "What happens after you open a tracing request?",
        "We opened a request with the Red Crescent last spring. Nobody has called since, and "
        "I do not know if that is normal. How long did it take for others?",
    ),
    (
        "news",
        "en",
        "admin@example.org",
        "Welcome to the family solidarity forum",
        "This forum is yours, all year, not only during the conference. Please read the "
        "guidelines: no phone numbers, no addresses, and never send money to anyone who "
        "promises news. Moderators are here every day.",
    ),
    (
        "lang:en",
        "en",
        "support@example.org",
        "Sleeping badly? You are not alone",
        "Many families tell us the nights are the hardest. If you want, share what has helped "
        "you rest a little, even on bad nights. A counsellor reads this thread.",
    ),
    # Persian ------------------------------------------------------------------------
    (
        "lang:fa",
        "fa",
        "family2@example.org",
        "بعد از حلقهٔ گفتگوی دیروز",
        "دیروز بعد از مدت‌ها توانستم اسم برادرم را بلند بگویم و گریه نکنم. از همه‌تان ممنونم "
        "که گوش دادید.",
    ),
    (
        "lang:fa",
        "fa",
        "family:13",
        "با بچه‌ها دربارهٔ پدرشان چه بگوییم؟",
        "پسر کوچکم هر شب می‌پرسد بابا کی برمی‌گردد. نمی‌خواهم دروغ بگویم، ولی نمی‌دانم چه "
        "جوابی بدهم. شما چه کرده‌اید؟",
    ),
    (
        "hub:tehran-2025",
        "fa",
        "family:14",
        "دیدار خانواده‌ها در تهران",
        "کسانی که در مرکز تهران بودید: آیا دوست دارید بعد از همایش هم گاهی همدیگر را در "
        "جلسه‌های انجمن ببینیم؟",
    ),
    (
        "hope-and-everyday-life",
        "fa",
        "family:15",
        "سالگرد ناپدید شدن",
        "هفتهٔ دیگر هشت سال می‌شود. هر سال این روزها سنگین‌ترند. شما این روز را چطور می‌گذرانید؟",
    ),
    (
        "practical-questions",
        "fa",
        "family:16",
        "مدارک برای درخواست جستجو",
        "برای ثبت درخواست جستجو چه چیزهایی لازم است؟ عکس قدیمی کافی است؟",
    ),
    (
        "lang:fa",
        "fa",
        "facilitator@example.org",
        "جایی برای نوشتن نامه به عزیزانمان",
        "بعضی از خانواده‌ها در حلقه گفتند برای عزیزشان نامه می‌نویسند. اگر دوست دارید، "
        "چند خط از نامه‌تان را اینجا بگذارید. لازم نیست کامل باشد.",
    ),
    # Urdu -----------------------------------------------------------------------------
    (
        "lang:ur",
        "ur",
        "family:1",
        "انتظار کے ساتھ جینا",
        "میرے شوہر کو گئے چھ سال ہو گئے۔ لوگ کہتے ہیں صبر کرو، لیکن صبر بھی تھک جاتا ہے۔ آپ "
        "کیسے سنبھالتے ہیں؟",
    ),
    (
        "hub:islamabad-2025",
        "ur",
        "family:5",
        "اسلام آباد کے حلقے کے بعد",
        "آج کے حلقے میں سب نے جو کہا وہ دل کو لگا۔ میں پہلی بار کسی کے سامنے اپنے بیٹے کا "
        "ذکر کر سکی۔",
    ),
    (
        "practical-questions",
        "ur",
        "family:7",
        "مرکز تک سفر کا خرچ",
        "کیا کسی کو معلوم ہے کہ اسلام آباد مرکز تک آنے کے لیے کوئی مدد ملتی ہے؟ ہم دور سے آتے ہیں۔",
    ),
    (
        "hope-and-everyday-life",
        "ur",
        "family:9",
        "بچوں کے ساتھ امید کی باتیں",
        "میری بیٹی اپنے ابو کی تصویر کے پاس روز پھول رکھتی ہے۔ میں اسے روکتی نہیں۔ کیا یہ ٹھیک ہے؟",
    ),
    (
        "lang:ur",
        "ur",
        "support@example.org",
        "اپنا خیال رکھنا بھی ضروری ہے",
        "بہت سے خاندان دوسروں کا خیال رکھتے رکھتے خود کو بھول جاتے ہیں۔ آپ اپنے لیے کیا "
        "کرتے ہیں، چاہے چھوٹی سی بات ہو؟",
    ),
    # Arabic -------------------------------------------------------------------------
    (
        "lang:ar",
        "ar",
        "family:21",
        "عشر سنوات من الانتظار",
        "أخي خرج من البيت ولم يعد منذ عشر سنوات. ما زلت أحتفظ بغرفته كما هي. هل أنا الوحيدة؟",
    ),
    (
        "hub:ankara-2025",
        "ar",
        "family:23",
        "العائلات في أنقرة",
        "نحن عائلة سورية في أنقرة. يسعدنا أن نتعرف على عائلات أخرى هنا تعيش الشيء نفسه.",
    ),
    (
        "hope-and-everyday-life",
        "ar",
        "family:25",
        "ما الذي يعطيكم القوة؟",
        "في بعض الأيام لا أستطيع النهوض من السرير. ثم أتذكر أمي وأنها كانت ستريدني أن "
        "أستمر. ماذا يعطيكم القوة؟",
    ),
    (
        "practical-questions",
        "ar",
        "family:27",
        "هل أرسل عينة الحمض النووي؟",
        "طلبوا منا عينة للمقارنة. أنا خائفة مما قد تعنيه النتيجة. كيف اتخذتم هذا القرار؟",
    ),
    (
        "lang:ar",
        "ar",
        "moderator@example.org",
        "تنبيه: احذروا من يطلب المال مقابل الأخبار",
        "وصلتنا رسائل عن أشخاص يتصلون بالعائلات ويعدون بأخبار مقابل المال. خدمات البحث في "
        "الصليب الأحمر والهلال الأحمر مجانية دائمًا. إذا طلب منكم أحد المال فأخبرونا.",
    ),
    # Pashto ---------------------------------------------------------------------------
    (
        "lang:ps",
        "ps",
        "family:29",
        "زما د زوی انتظار",
        "زما زوی پنځه کاله وړاندې کار ته تللی و او بېرته رانغی. هره ورځ دروازې ته ګورم.",
    ),
    (
        "hub:online-2025",
        "ps",
        "family:31",
        "له آنلاین حلقې وروسته",
        "ما فکر نه کاوه چې د انټرنېټ له لارې به دومره نږدې احساس وکړم. له ټولو مننه.",
    ),
    (
        "hope-and-everyday-life",
        "ps",
        "family:33",
        "د ماشومانو سره خبرې",
        "زما لور پوښتنه کوي چې پلار یې ولې نه راځي. زه نه پوهېږم څه ووایم.",
    ),
    (
        "lang:ps",
        "ps",
        "facilitator@example.org",
        "د دعا او یادونې ځای",
        "که غواړئ، دلته د خپل عزیز لپاره یوه دعا یا یوه ښه خاطره ولیکئ.",
    ),
    # French ---------------------------------------------------------------------------
    (
        "lang:fr",
        "fr",
        "family:30",
        "Vivre sans savoir",
        "Mon père a disparu quand j'avais douze ans. J'en ai trente maintenant, et certains "
        "jours c'est comme si c'était hier. Merci d'exister, ce forum.",
    ),
    (
        "hub:online-2025",
        "fr",
        "family:32",
        "Après le cercle en ligne de jeudi",
        "Je voulais remercier la facilitatrice et tout le monde. J'ai enfin pu dire que "
        "j'étais en colère, et personne ne m'a jugée.",
    ),
    (
        "practical-questions",
        "fr",
        "family:34",
        "Garder le contact avec le service de recherche",
        "Est-ce que vous rappelez le service de recherche de temps en temps, ou est-ce qu'ils "
        "vous écrivent ? Je ne veux pas déranger.",
    ),
    (
        "lang:fr",
        "fr",
        "support@example.org",
        "Les fêtes de fin d'année",
        "Les fêtes peuvent être très dures quand une chaise reste vide. Si vous voulez, "
        "partagez ici ce que vous prévoyez, ou ce qui vous fait peur.",
    ),
]

# Replies, by language: each thread gets several, by different people.
REPLIES = {
    "en": [
        "I know that plate. Thank you for saying it out loud.",
        "Some days I say 'not yet' and leave it there. It is enough of an answer.",
        "We plant a tree every year on his birthday. There are six now.",
        "It took almost two years before they called us. Please do not lose heart.",
        "Reading this at three in the morning. It helps to know others are awake too.",
        "My counsellor told me that waiting is also a kind of work. I think of that often.",
        "I tell people: 'Thank you for asking. Please keep him in your prayers.'",
        "You are not the only one. You never were.",
        "Walking in the early morning helps me more than anything else.",
        "Thank you for this thread. I read it every evening.",
        "I keep a notebook by the bed and write down what I cannot say to anyone.",
        "Hearing the others in the circle made me feel less mad. That matters.",
        "The request office told us to write whenever something changes, even small things.",
        "Sending you strength from Geneva.",
    ],
    "fa": [
        "من هم همین حس را داشتم. ممنون که نوشتی.",
        "ما به بچه‌ها گفتیم که نمی‌دانیم، ولی هنوز دنبالش هستیم. راستش را گفتن آرامشان کرد.",
        "روز سالگرد را با خانواده غذایی را که دوست داشت درست می‌کنیم.",
        "عکس قدیمی خیلی کمک می‌کند. هر چیزی که یادتان مانده را هم بنویسید.",
        "من هم دوست دارم همدیگر را ببینیم. چای با من.",
        "نامهٔ من فقط یک خط است: هنوز منتظرت هستیم.",
        "این روزها نفس کشیدن هم سخت است. کنارت هستم.",
        "پسر من هم همین را می‌پرسید. حالا خودش برای پدرش نقاشی می‌کشد.",
        "در حلقه یاد گرفتم که گریه کردن اشکالی ندارد.",
        "ممنون از همه. خواندن پیام‌هایتان قوت قلب است.",
        "کارکنان هلال احمر به ما گفتند هر تغییری را خبر بدهیم. خیلی مهربان بودند.",
        "امید را نگه داریم، حتی کوچک.",
        "من هم هر سال همین روزها بی‌خواب می‌شوم.",
        "بودن شما اینجا برایم معنی دارد.",
    ],
    "ur": [
        "آپ اکیلی نہیں ہیں۔ ہم سب آپ کے ساتھ ہیں۔",
        "میں بھی ہر شام دروازے کی طرف دیکھتی ہوں۔",
        "صبر تھک جائے تو آرام کر لینا بھی ٹھیک ہے۔",
        "مرکز والوں سے پوچھیں، ہمیں سفر کے لیے مدد ملی تھی۔",
        "بچی کو پھول رکھنے دیں۔ یہ اس کی محبت ہے۔",
        "میں روز صبح تھوڑی دیر قرآن پڑھتی ہوں، دل ٹھہر جاتا ہے۔",
        "حلقے میں سب کی باتیں سن کر لگا جیسے کوئی سمجھتا ہے۔",
        "اللہ آپ کو ہمت دے۔",
        "میں نے اپنے لیے ہفتے میں ایک دن رکھا ہے جب کسی کا کام نہیں کرتی۔",
        "شکریہ، یہ پڑھ کر دل ہلکا ہوا۔",
        "ہمارے بیٹے کی تصویر بھی گھر میں سب سے اونچی جگہ پر ہے۔",
        "دور سے آنا مشکل ہے، لیکن آن لائن حلقہ بھی اچھا تھا۔",
        "ہم بھی چھ سال سے انتظار میں ہیں۔ دعا ہے کہ خبر آئے۔",
    ],
    "ar": [
        "لست وحدك. أنا أيضًا أحتفظ بغرفة أبي كما تركها.",
        "أهلًا بكم في أنقرة. نحن هنا أيضًا منذ أربع سنوات.",
        "أولادي يعطونني القوة. وأيضًا هذه المجموعة.",
        "أخذت وقتًا طويلًا قبل أن أقرر. تكلمت مع المستشارة وساعدني ذلك كثيرًا.",
        "شكرًا على التنبيه. اتصل بنا شخص العام الماضي وطلب مالًا.",
        "الدعاء والصبر، وكوب شاي مع الجيران.",
        "أفهمك تمامًا. بعض الأيام أثقل من غيرها.",
        "كلامكم هنا يشبه اليد على الكتف.",
        "قرار العينة صعب. خذي وقتك، ولا أحد يستعجلك.",
        "عشر سنوات ونحن ما زلنا ننتظر أيضًا. قلوبنا معك.",
        "هل يمكن أن نلتقي بعد الجلسة القادمة في المركز؟",
        "سلام لكل العائلات هنا.",
        "أكتب لأخي رسالة كل عيد ولا أرسلها. تريحني الكتابة.",
    ],
    "ps": [
        "زه هم هره ورځ دروازې ته ګورم. ته یوازې نه یې.",
        "له تاسو ټولو مننه، دا خبرې زړه ته آرام ورکوي.",
        "ما خپلې لور ته وویل چې موږ لا هم لټون کوو. هغې ته ښه شول.",
        "خدای دې تاسو ته صبر درکړي.",
        "زما د ورور لپاره دعا: خدای دې روغ رمټ راولي.",
        "آنلاین حلقه زما لپاره هم ډېره ګټوره وه.",
        "کله چې زړه مې تنګ شي، له ګاونډیانو سره چای څښم.",
        "دا ځای ډېر ښه دی، مننه.",
        "موږ هم پنځه کاله انتظار کوو.",
        "ماشومان پوهېږي، یوازې ورسره ریښتیا ووایه.",
        "زه هره جمعه د هغه لپاره ډوډۍ پخوم.",
        "ستاسو لیکنې ما ته هیله راکوي.",
    ],
    "fr": [
        "Trente ans aussi pour moi, et la même sensation. Merci d'avoir écrit.",
        "J'étais dans ce cercle. Ta colère était juste, et tu as aidé d'autres à parler.",
        "Ils m'ont dit que je pouvais écrire quand je veux. Je le fais deux fois par an.",
        "Cette année nous mettrons une bougie sur la table pour lui.",
        "Je ne dérange jamais assez, m'a dit la personne du service. Cela m'a fait du bien.",
        "La colère fait partie du chemin. On a le droit.",
        "Je lis ce forum sans écrire souvent, mais je suis là.",
        "Les fêtes me font peur aussi. On pourrait s'écrire ce soir-là.",
        "Merci pour cet espace. On se sent moins seuls.",
        "Ma mère garde sa veste dans l'entrée depuis dix ans.",
        "Prenez soin de vous, vraiment.",
        "Un petit pas à la fois.",
    ],
}
