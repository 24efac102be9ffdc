"""The demo's texts in the languages of the hubs that show them, keyed by the
English. Written for families: plain and warm. The same words as the interface's
catalogue where they meet it (a sharing circle is "حلقهٔ گفتگو" in both)."""

from conference import content

TEXTS: dict[str, dict[str, str]] = {
    # The edition ------------------------------------------------------------------
    "Global Conference on Restoring Family Links 2025": {
        "fr": "Conférence mondiale sur le rétablissement des liens familiaux 2025",
        "ar": "المؤتمر العالمي لإعادة الروابط العائلية ٢٠٢٥",
        "fa": "همایش جهانی بازپیوند خانواده‌ها ۲۰۲۵",
        "fa-af": "همایش جهانی بازپیوند خانواده‌ها ۲۰۲۵",
        "ur": "خاندانی رابطوں کی بحالی پر عالمی کانفرنس 2025",
        "ps": "د کورنۍ اړیکو د بیا رغونې نړیوال کنفرانس ۲۰۲۵",
    },
    (
        "After the 2021 and 2023 editions, the ICRC's Central Tracing Agency and National "
        "Red Cross and Red Crescent Societies bring families together again, in several "
        "hubs at once and online."
    ): {
        "fr": "Après les éditions 2021 et 2023, l'Agence centrale de recherches du CICR et "
        "les Sociétés nationales de la Croix-Rouge et du Croissant-Rouge réunissent à "
        "nouveau les familles, dans plusieurs hubs à la fois et en ligne.",
        "ar": "بعد دورتي ٢٠٢١ و٢٠٢٣، تجمع الوكالة المركزية للبحث عن المفقودين في اللجنة "
        "الدولية للصليب الأحمر والجمعيات الوطنية للصليب الأحمر والهلال الأحمر العائلاتِ "
        "من جديد، في عدة مراكز في الوقت نفسه وعبر الإنترنت.",
        "fa": "پس از دوره‌های ۲۰۲۱ و ۲۰۲۳، آژانس مرکزی ردیابی کمیتهٔ بین‌المللی صلیب سرخ "
        "و جمعیت‌های ملی صلیب سرخ و هلال احمر دوباره خانواده‌ها را گرد هم می‌آورند، "
        "هم‌زمان در چند مرکز و به‌صورت آنلاین.",
        "fa-af": "بعد از دوره‌های ۲۰۲۱ و ۲۰۲۳، ادارهٔ مرکزی جستجوی کمیتهٔ بین‌المللی صلیب سرخ "
        "و جمعیت‌های ملی صلیب سرخ و هلال احمر بار دیگر خانواده‌ها را یکجا می‌سازند، "
        "هم‌زمان در چند مرکز و به‌صورت آنلاین.",
        "ur": "2021 اور 2023 کے بعد، آئی سی آر سی کی سینٹرل ٹریسنگ ایجنسی اور ریڈ کراس اور "
        "ہلالِ احمر کی قومی سوسائٹیاں ایک بار پھر خاندانوں کو اکٹھا کر رہی ہیں، ایک ہی وقت "
        "میں کئی مراکز میں اور آن لائن۔",
        "ps": "د ۲۰۲۱ او ۲۰۲۳ کلونو له غونډو وروسته، د سره صلیب نړیوالې کمېټې د لټون مرکزي "
        "اداره او د سره صلیب او سرې میاشتې ملي ټولنې بیا کورنۍ سره راټولوي، په یو وخت کې "
        "په څو مرکزونو کې او آنلاین.",
    },
    # National societies -----------------------------------------------------------
    "Pakistan Red Crescent Society": {
        "ur": "پاکستان ہلالِ احمر سوسائٹی",
        "ps": "د پاکستان د سرې میاشتې ټولنه",
    },
    "Pakistan": {"ur": "پاکستان", "ps": "پاکستان"},
    "Restoring Family Links service, with the ICRC delegation in Islamabad.": {
        "ur": "خاندانی رابطوں کی بحالی کی سروس، اسلام آباد میں آئی سی آر سی کے وفد کے ساتھ۔",
        "ps": "د کورنیو اړیکو د بیا ټینګولو خدمت، په اسلام اباد کې د سره صلیب نړیوالې "
        "کمېټې له استازولۍ سره.",
    },
    "Red Crescent Society of the Islamic Republic of Iran": {
        "fa": "جمعیت هلال احمر جمهوری اسلامی ایران",
        "fa-af": "جمعیت هلال احمر جمهوری اسلامی ایران",
    },
    "Iran": {"fa": "ایران", "fa-af": "ایران"},
    (
        "Protection of Family Links focal points in every province, for everyone regardless "
        "of nationality, race or legal status."
    ): {
        "fa": "در هر استان کسانی هستند که برای حفظ پیوندهای خانوادگی کمک می‌کنند؛ برای همه، "
        "بدون توجه به ملیت، نژاد یا وضعیت قانونی.",
        "fa-af": "در هر ولایت کسانی هستند که برای حفظ پیوندهای خانوادگی کمک می‌کنند؛ برای "
        "همه، بدون در نظر داشت ملیت، نژاد یا وضعیت قانونی.",
    },
    "Turkish Red Crescent": {
        "ar": "الهلال الأحمر التركي",
        "fa": "هلال احمر ترکیه",
        "ps": "د ترکیې سره میاشت",
    },
    "Türkiye": {"ar": "تركيا", "fa": "ترکیه", "ps": "ترکیه"},
    "Restoring Family Links service of the Turkish Red Crescent.": {
        "ar": "خدمة إعادة الروابط العائلية في الهلال الأحمر التركي.",
        "fa": "خدمت برقراری دوبارهٔ پیوندهای خانوادگی در هلال احمر ترکیه.",
        "ps": "د ترکیې د سرې میاشتې د کورنیو اړیکو د بیا ټینګولو خدمت.",
    },
    "International Committee of the Red Cross": {"fr": "Comité international de la Croix-Rouge"},
    "Switzerland": {"fr": "Suisse"},
    "The Central Tracing Agency coordinates the Family Links Network.": {
        "fr": "L'Agence centrale de recherches coordonne le Réseau des liens familiaux.",
    },
    # Hubs -------------------------------------------------------------------------
    "Islamabad": {"ur": "اسلام آباد", "ps": "اسلام اباد"},
    "Pakistan Red Crescent national headquarters, Islamabad": {
        "ur": "پاکستان ہلالِ احمر کا قومی صدر دفتر، اسلام آباد",
        "ps": "د پاکستان د سرې میاشتې ملي مرکزي دفتر، اسلام اباد",
    },
    "Step-free entrance and lift; quiet room available.": {
        "ur": "سیڑھیوں کے بغیر داخلہ اور لفٹ؛ ایک پُرسکون کمرہ بھی ہے۔",
        "ps": "بې زینو دروازه او لفټ؛ یوه ارامه کوټه هم شته.",
    },
    "Tehran": {"fa": "تهران", "fa-af": "تهران"},
    "Red Crescent Society conference centre, Tehran": {
        "fa": "مرکز همایش‌های جمعیت هلال احمر، تهران",
        "fa-af": "مرکز کنفرانس‌های جمعیت هلال احمر، تهران",
    },
    "Step-free access to the ground floor rooms.": {
        "fa": "اتاق‌های طبقهٔ همکف بدون پله در دسترس‌اند.",
        "fa-af": "اتاق‌های منزل اول بدون زینه در دسترس اند.",
    },
    "Ankara": {"ar": "أنقرة", "fa": "آنکارا", "ps": "انقره"},
    "Turkish Red Crescent headquarters, Ankara": {
        "ar": "المقر الرئيسي للهلال الأحمر التركي، أنقرة",
        "fa": "دفتر مرکزی هلال احمر ترکیه، آنکارا",
        "ps": "د ترکیې د سرې میاشتې مرکزي دفتر، انقره",
    },
    "Lift to all floors; interpretation booth.": {
        "ar": "مصعد إلى جميع الطوابق، وكابينة للترجمة الفورية.",
        "fa": "آسانسور به همهٔ طبقه‌ها، و اتاقک ترجمهٔ هم‌زمان.",
        "ps": "ټولو پوړونو ته لفټ، او د ژباړې کوټه.",
    },
    "Online (Geneva)": {"fr": "En ligne (Genève)"},
    "Geneva": {"fr": "Genève"},
    "Online only, run by the Central Tracing Agency in Geneva.": {
        "fr": "Uniquement en ligne, animé par l'Agence centrale de recherches, à Genève.",
    },
    "Sessions have captions or interpretation where announced.": {
        "fr": "Les sessions sont sous-titrées ou interprétées quand c'est annoncé.",
    },
    # Rooms ------------------------------------------------------------------------
    "Main hall": {"ur": "بڑا ہال", "ps": "لوی تالار"},
    "Garden room": {"ur": "باغ والا کمرہ", "ps": "د باغ کوټه"},
    "Quiet room": {"ur": "پُرسکون کمرہ", "ps": "ارامه کوټه"},
    "Conference room": {"fa": "سالن همایش", "fa-af": "تالار کنفرانس"},
    "Circle room": {"fa": "اتاق حلقه", "fa-af": "اتاق حلقه"},
    "Auditorium": {"ar": "القاعة الكبرى", "fa": "سالن بزرگ", "ps": "لوی تالار"},
    "Meeting room": {"ar": "غرفة الاجتماعات", "fa": "اتاق جلسه", "ps": "د غونډو کوټه"},
    # Plenaries, for every hub -----------------------------------------------------
    "Opening plenary: families at the centre of the search": {
        "fr": "Plénière d'ouverture : les familles au cœur de la recherche",
        "ar": "الجلسة العامة الافتتاحية: العائلات في قلب البحث",
        "fa": "نشست عمومی افتتاحیه: خانواده‌ها در دل جست‌وجو",
        "fa-af": "نشست عمومی افتتاحیه: خانواده‌ها در مرکز جستجو",
        "ur": "افتتاحی اجلاس: تلاش کے مرکز میں خاندان",
        "ps": "پرانیستونکې عمومي غونډه: کورنۍ د لټون په زړه کې",
    },
    "Central Tracing Agency, ICRC; families from the 2023 edition": {
        "fr": "Agence centrale de recherches, CICR ; des familles venues en 2023",
        "ar": "الوكالة المركزية للبحث عن المفقودين، اللجنة الدولية؛ عائلات من دورة ٢٠٢٣",
        "fa": "آژانس مرکزی ردیابی، کمیتهٔ بین‌المللی صلیب سرخ؛ خانواده‌هایی از دورهٔ ۲۰۲۳",
        "fa-af": "ادارهٔ مرکزی جستجو، کمیتهٔ بین‌المللی صلیب سرخ؛ خانواده‌هایی از دورهٔ ۲۰۲۳",
        "ur": "سینٹرل ٹریسنگ ایجنسی، آئی سی آر سی؛ 2023 کی کانفرنس کے خاندان",
        "ps": "د لټون مرکزي اداره، د سره صلیب نړیواله کمېټه؛ د ۲۰۲۳ کال د غونډې کورنۍ",
    },
    "Plenary: the missing, the law and the right to know": {
        "fr": "Plénière : les personnes disparues, le droit et le droit de savoir",
        "ar": "جلسة عامة: المفقودون والقانون والحق في المعرفة",
        "fa": "نشست عمومی: ناپدیدشدگان، قانون و حق دانستن",
        "fa-af": "نشست عمومی: مفقودین، قانون و حق دانستن",
        "ur": "عمومی اجلاس: لاپتہ افراد، قانون اور جاننے کا حق",
        "ps": "عمومي غونډه: ورک شوي کسان، قانون او د پوهېدو حق",
    },
    "ICRC legal adviser; a national society tracing officer": {
        "fr": "Un conseiller juridique du CICR ; une personne chargée des recherches dans une "
        "Société nationale",
        "ar": "مستشار قانوني في اللجنة الدولية للصليب الأحمر؛ موظف بحث في جمعية وطنية",
        "fa": "مشاور حقوقی کمیتهٔ بین‌المللی صلیب سرخ؛ کارشناس ردیابی یک جمعیت ملی",
        "fa-af": "مشاور حقوقی کمیتهٔ بین‌المللی صلیب سرخ؛ کارمند جستجوی یک جمعیت ملی",
        "ur": "آئی سی آر سی کے قانونی مشیر؛ ایک قومی سوسائٹی کے تلاش کے افسر",
        "ps": "د سره صلیب نړیوالې کمېټې حقوقي سلاکار؛ د یوې ملي ټولنې د لټون کارکوونکی",
    },
    "Closing plenary: staying connected after the conference": {
        "fr": "Plénière de clôture : rester en lien après la conférence",
        "ar": "الجلسة العامة الختامية: نبقى على تواصل بعد المؤتمر",
        "fa": "نشست عمومی پایانی: در ارتباط ماندن پس از کنفرانس",
        "fa-af": "نشست عمومی اختتامیه: در تماس ماندن بعد از کنفرانس",
        "ur": "اختتامی اجلاس: کانفرنس کے بعد بھی رابطے میں رہنا",
        "ps": "وروستۍ عمومي غونډه: له کنفرانس وروسته سره په اړیکه کې پاتې کېدل",
    },
    "Hub organisers": {
        "fr": "Les équipes des hubs",
        "ar": "منظمو المراكز",
        "fa": "برگزارکنندگان مراکز",
        "fa-af": "برگزارکنندگان مراکز",
        "ur": "مراکز کے منتظمین",
        "ps": "د مرکزونو تنظیموونکي",
    },
    "Followed together by every hub, in the main hall or online.": {
        "fr": "Suivie ensemble par tous les hubs, dans la grande salle ou en ligne.",
        "ar": "تتابعها كل المراكز معًا، في القاعة الكبرى أو عبر الإنترنت.",
        "fa": "همهٔ مراکز با هم آن را دنبال می‌کنند، در سالن اصلی یا به‌صورت آنلاین.",
        "fa-af": "همهٔ مراکز یکجا آن را دنبال می‌کنند، در تالار اصلی یا به‌صورت آنلاین.",
        "ur": "سب مراکز مل کر اسے دیکھتے ہیں، بڑے ہال میں یا آن لائن۔",
        "ps": "ټول مرکزونه یې یوځای ګوري، په لوی تالار کې یا آنلاین.",
    },
    # Each hub's sessions ----------------------------------------------------------
    "How tracing works: from a request to an answer": {
        "fr": "Comment se passent les recherches : de la demande à la réponse",
        "ar": "كيف يجري البحث عن المفقودين: من الطلب إلى الجواب",
        "fa": "ردیابی چگونه انجام می‌شود: از درخواست تا پاسخ",
        "fa-af": "جستجو چطور انجام می‌شود: از درخواست تا جواب",
        "ur": "تلاش کیسے ہوتی ہے: درخواست سے جواب تک",
        "ps": "لټون څنګه کېږي: له غوښتنې تر ځواب پورې",
    },
    "Missing migrants: searching along the routes": {
        "fr": "Migrants disparus : chercher le long des routes",
        "ar": "المهاجرون المفقودون: البحث على طول الطرق",
        "fa": "مهاجران ناپدیدشده: جست‌وجو در طول مسیرها",
        "fa-af": "مهاجرین مفقود: جستجو در طول راه‌ها",
        "ur": "لاپتہ مہاجرین: راستوں پر تلاش",
        "ps": "ورک شوي کډوال: د لارو په اوږدو کې لټون",
    },
    "Your rights as the family of a missing person": {
        "fr": "Vos droits en tant que famille d'une personne disparue",
        "ar": "حقوقكم بصفتكم عائلة شخص مفقود",
        "fa": "حقوق شما به‌عنوان خانوادهٔ یک فرد ناپدیدشده",
        "fa-af": "حقوق شما به حیث خانوادهٔ یک شخص مفقود",
        "ur": "لاپتہ شخص کے خاندان کے طور پر آپ کے حقوق",
        "ps": "د یو ورک شوي کس د کورنۍ په توګه ستاسو حقونه",
    },
    "An expert answers families' questions; bring yours.": {
        "fr": "Une personne experte répond aux questions des familles ; venez avec les vôtres.",
        "ar": "يجيب خبير عن أسئلة العائلات؛ أحضروا أسئلتكم.",
        "fa": "یک کارشناس به پرسش‌های خانواده‌ها پاسخ می‌دهد؛ پرسش‌هایتان را بیاورید.",
        "fa-af": "یک کارشناس به سوال‌های خانواده‌ها جواب می‌دهد؛ سوال‌های تان را بیاورید.",
        "ur": "ایک ماہر خاندانوں کے سوالوں کے جواب دیتے ہیں؛ اپنے سوال ساتھ لائیے۔",
        "ps": "یو کارپوه د کورنیو پوښتنو ته ځواب ورکوي؛ خپلې پوښتنې راوړئ.",
    },
    "Coping with uncertainty": {
        "fr": "Vivre avec l'incertitude",
        "ar": "التعايش مع عدم اليقين",
        "fa": "کنار آمدن با بلاتکلیفی",
        "fa-af": "کنار آمدن با نامعلومی",
        "ur": "بے یقینی کے ساتھ جینا",
        "ps": "له ناڅرګندتیا سره ژوند",
    },
    "Talking with children about a missing relative": {
        "fr": "Parler aux enfants d'un proche disparu",
        "ar": "الحديث مع الأطفال عن قريب مفقود",
        "fa": "گفت‌وگو با کودکان دربارهٔ عزیزی که ناپدید شده",
        "fa-af": "گپ زدن با اطفال در مورد عزیزی که مفقود شده",
        "ur": "بچوں سے لاپتہ رشتہ دار کے بارے میں بات کرنا",
        "ps": "له ماشومانو سره د ورک شوي خپلوان په اړه خبرې",
    },
    "Looking after yourself: sleep, stress and grief": {
        "fr": "Prendre soin de soi : sommeil, stress et deuil",
        "ar": "الاعتناء بنفسك: النوم والضغط النفسي والحزن",
        "fa": "مراقبت از خود: خواب، استرس و سوگ",
        "fa-af": "مراقبت از خود: خواب، فشار روانی و غم",
        "ur": "اپنا خیال رکھنا: نیند، ذہنی دباؤ اور غم",
        "ps": "د ځان پاملرنه: خوب، فشار او غم",
    },
    "Practical ways families have found to cope, and where to get help.": {
        "fr": "Des moyens concrets que des familles ont trouvés pour tenir, et où trouver "
        "de l'aide.",
        "ar": "طرق عملية وجدتها عائلات للتأقلم، وأين تجدون المساعدة.",
        "fa": "راه‌هایی عملی که خانواده‌ها برای کنار آمدن یافته‌اند، و جاهایی که می‌توان کمک گرفت.",
        "fa-af": "راه‌های عملی که خانواده‌ها برای کنار آمدن پیدا کرده اند، و جاهایی که کمک "
        "گرفته می‌توانید.",
        "ur": "وہ عملی طریقے جو خاندانوں نے سنبھلنے کے لیے اپنائے، اور مدد کہاں سے ملے۔",
        "ps": "هغه عملي لارې چې کورنیو د زغم لپاره موندلې، او مرسته له کومه ترلاسه کړئ.",
    },
    "Writing a letter to your missing relative": {
        "fr": "Écrire une lettre à votre proche disparu",
        "ar": "كتابة رسالة إلى قريبكم المفقود",
        "fa": "نوشتن نامه به عزیزی که ناپدید شده",
        "fa-af": "نوشتن نامه به عزیزی که مفقود شده",
        "ur": "اپنے لاپتہ رشتہ دار کے نام خط لکھنا",
        "ps": "خپل ورک شوي خپلوان ته لیک لیکل",
    },
    "Memory boxes: keeping a place for the one you miss": {
        "fr": "Boîtes à souvenirs : garder une place pour la personne qui vous manque",
        "ar": "صناديق الذكريات: مكان نحفظه لمن نفتقده",
        "fa": "جعبه‌های خاطره: جایی برای کسی که دلتنگش هستید",
        "fa-af": "صندوقچه‌های خاطره: جایی برای کسی که دلتنگش هستید",
        "ur": "یادوں کے ڈبے: اُس کے لیے ایک جگہ جسے آپ یاد کرتے ہیں",
        "ps": "د یادونو بکسونه: د هغه چا لپاره ځای چې یې یادوئ",
    },
    "Where to find support after the conference": {
        "fr": "Où trouver du soutien après la conférence",
        "ar": "أين تجدون الدعم بعد المؤتمر",
        "fa": "پس از کنفرانس از کجا حمایت بگیریم",
        "fa-af": "بعد از کنفرانس از کجا حمایت بگیریم",
        "ur": "کانفرنس کے بعد سہارا کہاں ملے",
        "ps": "له کنفرانس وروسته ملاتړ له کومه ومومئ",
    },
    "A small group, with materials provided.": {
        "fr": "Un petit groupe ; le matériel est fourni.",
        "ar": "مجموعة صغيرة، والمواد متوفرة.",
        "fa": "گروهی کوچک؛ وسایل کار را ما فراهم می‌کنیم.",
        "fa-af": "گروپ کوچک؛ وسایل کار را ما آماده می‌کنیم.",
        "ur": "ایک چھوٹا گروپ؛ سامان ہم مہیا کرتے ہیں۔",
        "ps": "یوه کوچنۍ ډله؛ توکي موږ برابروو.",
    },
    "Sharing circle: the first days of not knowing": {
        "fr": "Cercle de parole : les premiers jours sans nouvelles",
        "ar": "حلقة المشاركة: الأيام الأولى بلا خبر",
        "fa": "حلقهٔ گفتگو: نخستین روزهای بی‌خبری",
        "fa-af": "حلقهٔ گفتگو: روزهای اول بی‌خبری",
        "ur": "گفتگو کا حلقہ: بے خبری کے پہلے دن",
        "ps": "د خبرو حلقه: د بې خبرۍ لومړۍ ورځې",
    },
    "Sharing circle: holding on to hope": {
        "fr": "Cercle de parole : garder l'espoir",
        "ar": "حلقة المشاركة: التمسك بالأمل",
        "fa": "حلقهٔ گفتگو: امید را نگه داشتن",
        "fa-af": "حلقهٔ گفتگو: امید را زنده نگه داشتن",
        "ur": "گفتگو کا حلقہ: امید کا دامن تھامے رکھنا",
        "ps": "د خبرو حلقه: هیله ساتل",
    },
    "Sharing circle: caring for the family while we search": {
        "fr": "Cercle de parole : prendre soin de la famille pendant la recherche",
        "ar": "حلقة المشاركة: رعاية العائلة أثناء البحث",
        "fa": "حلقهٔ گفتگو: مراقبت از خانواده در روزهای جست‌وجو",
        "fa-af": "حلقهٔ گفتگو: مراقبت از خانواده در روزهای جستجو",
        "ur": "گفتگو کا حلقہ: تلاش کے دنوں میں خاندان کا خیال",
        "ps": "د خبرو حلقه: د لټون پر مهال د کورنۍ پاملرنه",
    },
    "Up to a few families and a trained facilitator. Never recorded.": {
        "fr": "Quelques familles et une personne formée pour animer. Rien n'est enregistré.",
        "ar": "بضع عائلات وميسّر مدرَّب. لا يُسجَّل شيء أبدًا.",
        "fa": "چند خانواده و یک تسهیل‌گر آموزش‌دیده. هیچ‌وقت ضبط نمی‌شود.",
        "fa-af": "چند خانواده و یک تسهیل‌گر آموزش‌دیده. هیچ وقت ثبت نمی‌شود.",
        "ur": "چند خاندان اور ایک تربیت یافتہ سہولت کار۔ کبھی ریکارڈ نہیں ہوتا۔",
        "ps": "څو کورنۍ او یو روزل شوی تسهیلوونکی. هېڅکله نه ثبتېږي.",
    },
    "A sharing circle held in the families' own language.": {
        "fr": "Un cercle de parole dans la langue des familles.",
        "ar": "حلقة مشاركة بلغة العائلات نفسها.",
        "fa": "حلقهٔ گفتگو به زبان خود خانواده‌ها.",
        "fa-af": "حلقهٔ گفتگو به زبان خود خانواده‌ها.",
        "ur": "خاندانوں کی اپنی زبان میں گفتگو کا حلقہ۔",
        "ps": "د کورنیو په خپله ژبه د خبرو حلقه.",
    },
    "Sharing circle: living with not knowing": {
        "fr": "Cercle de parole : vivre sans savoir",
        "ar": "حلقة المشاركة: أن نعيش ولا نعرف",
        "fa": "حلقهٔ گفتگو: زندگی با ندانستن",
        "fa-af": "حلقهٔ گفتگو: زندگی با ندانستن",
        "ur": "گفتگو کا حلقہ: نہ جاننے کے ساتھ جینا",
        "ps": "د خبرو حلقه: د نه پوهېدو سره ژوند",
    },
    "A demo circle, live whenever the demo starts. Try it from two browsers.": {
        "fr": "Un cercle de démonstration, ouvert dès que la démo démarre. Essayez-le "
        "depuis deux navigateurs.",
        "ar": "حلقة تجريبية، مفتوحة كلما بدأ العرض التجريبي. جرّبوها من متصفحين.",
        "fa": "یک حلقهٔ نمونه که هر بار با شروع نسخهٔ نمایشی باز است. آن را از دو مرورگر "
        "امتحان کنید.",
        "fa-af": "یک حلقهٔ نمونه که هر بار با شروع نسخهٔ نمایشی باز است. آن را از دو "
        "مرورگر امتحان کنید.",
        "ur": "ایک نمونے کا حلقہ، جو ڈیمو شروع ہوتے ہی کھلا ہوتا ہے۔ اسے دو براؤزروں سے آزمائیے۔",
        "ps": "یوه نمونه حلقه، چې هر ځل د ډیمو په پیل کې پرانیستې ده. له دوو براوزرونو یې وازمویئ.",
    },
}

# "Tracing officer, PRCS": a role and the society's short name.
ROLES = {
    "Tracing officer, {society}": {
        "fr": "Chargé de recherches, {society}",
        "ar": "موظف البحث عن المفقودين، {society}",
        "fa": "کارشناس ردیابی، {society}",
        "fa-af": "کارمند جستجو، {society}",
        "ur": "تلاش کے افسر، {society}",
        "ps": "د لټون کارکوونکی، {society}",
    },
    "Psychologist, {society}": {
        "fr": "Psychologue, {society}",
        "ar": "أخصائي نفسي، {society}",
        "fa": "روان‌شناس، {society}",
        "fa-af": "روان‌شناس، {society}",
        "ur": "ماہرِ نفسیات، {society}",
        "ps": "ارواپوه، {society}",
    },
}


def translated(field: str, english: str, **values) -> dict[str, str]:
    """`field`'s columns for a demo text: its English and every translation we wrote
    (`values` fill a role's placeholders)."""
    found = TEXTS.get(english) or ROLES.get(english) or {}
    columns = {content.column(field, "en"): english.format(**values)}
    for code, text in found.items():
        columns[content.column(field, code)] = text.format(**values)
    return columns


def all_translated(**fields: str) -> dict[str, str]:
    """Several fields at once: all_translated(title="…", description="…")."""
    columns = {}
    for field, english in fields.items():
        columns.update(translated(field, english))
    return columns
