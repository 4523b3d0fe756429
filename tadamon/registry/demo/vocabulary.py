"""Arabic and French parts of the demo organizations' names.

Every entry is written the way Moroccan registers write it: the Arabic name
and a French transliteration in the Maghrebi manner (ou for و, ch for ش, kh,
gh, Aït, Ouled), the first French spelling being the most common one and the
others variants that the near-duplicates use. No string holds a double quote
or a backslash: the loader writes their JSON by concatenation (see
tadamon.registry.demo.serialize), and a test checks it.
"""

from __future__ import annotations

# Names of virtues, hopes and good things, the most common first part of a
# cooperative's or association's name (تعاونية الأمل, جمعية النجاح, ...).
VIRTUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("الأمل", ("Al Amal", "El Amal", "Alamal", "Amal")),
    ("النجاح", ("Annajah", "En-Najah", "Al Najah", "Najah")),
    ("الوفاء", ("Al Wafae", "Al Wafa", "El Wafaa")),
    ("الخير", ("Al Khair", "El Kheir", "Al Khayr")),
    ("الفتح", ("Al Fath", "El Fath", "Alfath")),
    ("الإخلاص", ("Al Ikhlass", "Al Ikhlas", "El Ikhlass")),
    ("التضامن", ("Attadamoun", "At-Tadamoun", "Tadamoun", "Al Tadamon")),
    ("الصفاء", ("Assafae", "Essafa", "As-Safa")),
    ("النور", ("Annour", "En Nour", "Al Nour")),
    ("البركة", ("Al Baraka", "El Baraka", "Baraka")),
    ("التقدم", ("Attakadoum", "Takaddoum", "At-Taqadoum")),
    ("الوحدة", ("Al Wahda", "El Ouahda", "Al Ouahda")),
    ("الازدهار", ("Al Izdihar", "Izdihar", "El Izdihar")),
    ("الأمانة", ("Al Amana", "El Amana", "Amana")),
    ("السلام", ("Assalam", "Essalam", "Salam")),
    ("الهدى", ("Al Houda", "El Houda", "Al Huda")),
    ("الفلاح", ("Al Falah", "El Falah", "Falah")),
    ("الخيرات", ("Al Khayrat", "El Khirat", "Al Khairat")),
    ("الإحسان", ("Al Ihssane", "Al Ihsane", "El Ihssan")),
    ("التعاون", ("Attaawoun", "Taawoun", "At-Taawoun")),
    ("الأصالة", ("Al Assala", "El Assala", "Assala")),
    ("المستقبل", ("Al Moustakbal", "El Mostakbal", "Moustaqbal")),
    ("الكرامة", ("Al Karama", "El Karama", "Karama")),
    ("النهضة", ("Annahda", "En Nahda", "Nahda")),
    ("الفجر", ("Al Fajr", "El Fajr", "Fajr")),
    ("الربيع", ("Arrabii", "Er Rabie", "Rabie")),
    ("الياسمين", ("Yasmine", "Al Yasmine", "Yasmina")),
    ("الزيتونة", ("Zaytouna", "Zitouna", "Ez-Zitouna")),
    ("الواحة", ("Al Waha", "El Ouaha", "Louaha")),
    ("الأطلس", ("Al Atlas", "El Atlas", "Atlas")),
    ("تيفاوت", ("Tifaout", "Tifawt", "Tifaouit")),
    ("تودرت", ("Toudert", "Tudert", "Toudart")),
    ("أمود", ("Amoud", "Amud", "Amoude")),
    ("تافسوت", ("Tafsout", "Tafssut", "Tafsut")),
    ("تيليلي", ("Tilelli", "Tilili", "Tilelly")),
    ("الرحمة", ("Arrahma", "Er Rahma", "Rahma")),
    ("الإتقان", ("Al Itqane", "Al Itkane", "Itqan")),
    ("الريادة", ("Arriyada", "Er Riyada", "Riyada")),
)

# Villages (douars, ksour) of the Amazigh-speaking mountains and oases: the
# places cooperatives of the Souss, the Atlas and the Drâa are named after.
DOUARS_AMAZIGH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("تيغانيمين", ("Tighanimine", "Tiganimin", "Tighanimin")),
    ("تاماينوت", ("Tamaynout", "Tamainout", "Tamaynut")),
    ("إغرم", ("Ighrem", "Igherm", "Irherm")),
    ("أكرض", ("Aguerd", "Agerd", "Aguard")),
    ("تيزي نتاست", ("Tizi N'Test", "Tizi Ntest", "Tizi-n-Test")),
    ("أسيف ملول", ("Assif Melloul", "Asif Melloul", "Assif Mlloul")),
    ("تاكاديرت", ("Tagadirt", "Taguadirt", "Tagadert")),
    ("أنزي", ("Anzi", "Anzy", "Anzi")),
    ("تامنارت", ("Tamanart", "Tamanar", "Tamenart")),
    ("إيد عيسى", ("Id Aissa", "Id Aïssa", "Idaissa")),
    ("آيت عبد الله", ("Aït Abdellah", "Ait Abdallah", "Ayt Abdellah")),
    ("آيت وعزيق", ("Aït Ouaazik", "Ait Waaziq", "Aït Ouazik")),
    ("تيوت", ("Tiout", "Tiyout", "Tiwt")),
    ("إيمي نتانوت", ("Imi N'Tanout", "Imintanoute", "Imi Ntanout")),
    ("تاسريرت", ("Tassrirt", "Tasrirt", "Tasserirt")),
    ("أمسكرود", ("Amskroud", "Amsekroud", "Amskrud")),
    ("تيكوين", ("Tikiouine", "Tikiwin", "Tikioune")),
    ("إمليل", ("Imlil", "Imlel", "Imlile")),
    ("آيت بوكماز", ("Aït Bouguemez", "Ait Bougmez", "Aït Bouguemmaz")),
    ("تيلوات", ("Telouet", "Tilouat", "Teloute")),
    ("أكدز", ("Agdz", "Agdez", "Aguedz")),
    ("تازناخت", ("Taznakht", "Tazenakht", "Taznaght")),
    ("آيت هاني", ("Aït Hani", "Ait Hani", "Ayt Hani")),
    ("إملشيل", ("Imilchil", "Imilshil", "Imelchil")),
    ("تاغجيجت", ("Taghjijt", "Tagjijt", "Taghjicht")),
    ("أمتضي", ("Amtoudi", "Amtodi", "Amtoudy")),
    ("إفران الأطلس الصغير", ("Ifrane Anti-Atlas", "Ifran Atlas Saghir", "Ifrane Anti Atlas")),
    ("تالوين", ("Taliouine", "Taliwin", "Talioune")),
)

# Douars of the Arabic-speaking plains and plateaus (Chaouia, Doukkala,
# Gharb, Oriental, Saïss): tribal names with Ouled, Beni, Douar, Sidi.
DOUARS_ARABIC: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("أولاد يوسف", ("Ouled Youssef", "Oulad Youssef", "Ouled Yousef")),
    ("أولاد علي", ("Ouled Ali", "Oulad Ali", "Ouled Aly")),
    ("أولاد سعيد", ("Ouled Said", "Oulad Saïd", "Ouled Saaid")),
    ("أولاد حمدان", ("Ouled Hamdane", "Oulad Hamdan", "Ouled Hamdan")),
    ("بني حسان", ("Beni Hassane", "Bni Hassan", "Beni Hassan")),
    ("بني عمار", ("Beni Ammar", "Bni Ammar", "Beni Amar")),
    ("دوار لحمر", ("Douar Lahmar", "Douar Lahmer", "Dwar Lahmar")),
    ("سيدي بوعثمان", ("Sidi Bouathmane", "Sidi Bouothmane", "Sidi Bou Athmane")),
    ("عين الشقف", ("Aïn Chkef", "Ain Chkef", "Aïn Chqef")),
    ("الشراردة", ("Cherarda", "Charrarda", "Ech-Cherarda")),
    ("أولاد عياد", ("Ouled Ayad", "Oulad Ayyad", "Ouled Aiad")),
    ("أولاد فرج", ("Ouled Frej", "Oulad Faraj", "Ouled Fraj")),
    ("المخاطر", ("El Mkhatar", "Al Makhater", "Mkhatar")),
    ("الزاوية", ("Ez-Zaouia", "Zaouia", "Ezzaouia")),
    ("الغابة", ("El Ghaba", "Al Ghaba", "Ghaba")),
    ("الخربة", ("El Khorba", "Al Kharba", "Khorba")),
    ("عين الحجر", ("Aïn Lhajar", "Ain El Hajar", "Aïn Hjar")),
    ("بوشان", ("Bouchane", "Boushan", "Bouchan")),
    ("المشرع", ("El Mechraa", "Al Machraa", "Mechraa")),
    ("الكارة", ("El Gara", "Al Gara", "Gara")),
    ("أولاد جرار", ("Ouled Jerrar", "Oulad Jerar", "Ouled Jrar")),
    ("بني يزناسن", ("Beni Snassen", "Bni Iznassen", "Beni Iznassen")),
)

# Neighbourhoods of the cities, after which urban associations are named.
NEIGHBOURHOODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("حي السلام", ("Hay Salam", "Hay Essalam", "Hay Assalam")),
    ("حي النهضة", ("Hay Nahda", "Hay Annahda", "Hay En-Nahda")),
    ("حي الرياض", ("Hay Riad", "Hay Ryad", "Hay Er-Riad")),
    ("الحي المحمدي", ("Hay Mohammadi", "Hay Mohamadi", "Al Hay Al Mohammadi")),
    ("حي الفتح", ("Hay Al Fath", "Hay El Fath", "Hay Fath")),
    ("حي الأمل", ("Hay Al Amal", "Hay El Amal", "Hay Amal")),
    ("درب السلطان", ("Derb Sultan", "Derb Soltane", "Derb Sultane")),
    ("الحي الحسني", ("Hay Hassani", "Hay Hassany", "Al Hay Al Hassani")),
    ("حي الانبعاث", ("Hay Inbiaat", "Hay Al Inbiat", "Hay Inbiat")),
    ("حي القدس", ("Hay Al Qods", "Hay El Kods", "Hay Qods")),
    ("حي الوحدة", ("Hay El Wahda", "Hay Al Wahda", "Hay Ouahda")),
    ("حي الأندلس", ("Hay Andalous", "Hay Al Andalous", "Hay Andalouss")),
    ("حي المسيرة", ("Hay Al Massira", "Hay El Massira", "Hay Massira")),
    ("حي الزيتون", ("Hay Zitoune", "Hay Zitoun", "Hay Ez-Zitoun")),
    ("حي بدر", ("Hay Badr", "Hay Bader", "Hay Badre")),
    ("حي الياسمين", ("Hay Yasmina", "Hay Yasmine", "Hay El Yasmine")),
    ("حي المستقبل", ("Hay Al Moustakbal", "Hay El Mostakbal", "Hay Moustakbal")),
    ("حي الشرف", ("Hay Charaf", "Hay Sharaf", "Hay Echcharaf")),
    ("حي الكرامة", ("Hay Al Karama", "Hay El Karama", "Hay Karama")),
    ("حي التقدم", ("Hay Takaddoum", "Hay Attakadoum", "Hay Taqaddum")),
    ("حي المدينة القديمة", ("Médina", "Medina", "Lmdina")),
    ("سيدي مومن", ("Sidi Moumen", "Sidi Momen", "Sidi Mou'min")),
    ("حي الملاح", ("Mellah", "Mallah", "Lmellah")),
    ("حي الداخلة", ("Hay Dakhla", "Hay Ad-Dakhla", "Hay Eddakhla")),
)

# Product or trade of a cooperative, by sector: (Arabic, French, adjective?).
# An adjective follows the legal form in French ("Coopérative agricole X");
# anything else follows the name ("Coopérative X pour l'argane").
PRODUCTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "agriculture": (
        ("الفلاحية", "agricole", True),
        ("لإنتاج زيت الزيتون", "de production d'huile d'olive", False),
        ("للتمور", "des dattes", False),
        ("للخضر والفواكه", "des fruits et légumes", False),
        ("للحبوب", "des céréales", False),
        ("للزعفران", "du safran", False),
    ),
    "livestock": (
        ("للحليب", "laitière", True),
        ("لتربية الماشية", "d'élevage", False),
        ("لتربية الأغنام", "d'élevage ovin", False),
        ("لتربية الماعز", "d'élevage caprin", False),
    ),
    "beekeeping": (("لتربية النحل", "apicole", True), ("للعسل", "du miel", False)),
    "argan": (("للأركان", "pour l'argane", False), ("لزيت الأركان", "d'huile d'argane", False)),
    "aromatic_plants": (
        ("للنباتات العطرية والطبية", "des plantes aromatiques et médicinales", False),
        ("للورد العطري", "des roses", False),
        ("للأعشاب الطبية", "des herbes médicinales", False),
    ),
    "food_processing": (
        ("للكسكس", "du couscous", False),
        ("للمنتجات المجالية", "des produits du terroir", False),
        ("للحلويات التقليدية", "de pâtisserie traditionnelle", False),
        ("للأملو", "d'amlou", False),
    ),
    "fishing": (
        ("للصيد التقليدي", "de pêche artisanale", False),
        ("للصيد البحري", "de pêche", False),
    ),
    "forestry": (("الغابوية", "forestière", True), ("للفلين", "du liège", False)),
    "handicraft": (
        ("للنسيج", "de tissage", False),
        ("للزرابي", "de tapis", False),
        ("للفخار", "de poterie", False),
        ("للطرز", "de broderie", False),
        ("للخياطة", "de couture", False),
        ("للصناعة التقليدية", "artisanale", True),
    ),
    "housing": (("للسكنى", "d'habitat", False), ("للسكن", "de logement", False)),
    "consumption": (("للاستهلاك", "de consommation", False),),
    "trade": (("للتسويق", "de commercialisation", False),),
    "transport": (("للنقل", "de transport", False),),
    "tourism": (("للسياحة القروية", "de tourisme rural", False),),
    "services": (("للخدمات", "de services", False),),
    "digital": (("للخدمات الرقمية", "de services numériques", False),),
    "mining": (("للمقالع", "des carrières", False),),
    "water_environment": (("للماء والبيئة", "de l'eau et de l'environnement", False),),
    "education": (("لمحو الأمية", "d'alphabétisation", False),),
    "local_development": (("للتنمية", "de développement", False),),
    "other": (("المتعددة الأنشطة", "polyvalente", True),),
}

# Causes of associations, foundations and federations, by sector.
CAUSES: dict[str, tuple[tuple[str, str], ...]] = {
    "local_development": (
        ("للتنمية", "pour le développement"),
        ("للتنمية المحلية", "de développement local"),
        ("للتنمية والتعاون", "pour le développement et la coopération"),
        ("للتنمية المستدامة", "pour le développement durable"),
    ),
    "social_action": (
        ("للأعمال الاجتماعية", "des œuvres sociales"),
        ("للتضامن", "de solidarité"),
        ("لحماية الطفولة", "pour la protection de l'enfance"),
        ("لدعم الأشخاص في وضعية إعاقة", "d'aide aux personnes en situation de handicap"),
        ("للمرأة القروية", "de la femme rurale"),
    ),
    "culture_sport": (
        ("للثقافة والرياضة", "pour la culture et le sport"),
        ("للمسرح", "de théâtre"),
        ("لكرة القدم", "de football"),
        ("للتراث", "du patrimoine"),
        ("للفنون", "des arts"),
    ),
    "education": (
        ("لمحو الأمية", "d'alphabétisation"),
        ("للتربية والتكوين", "pour l'éducation et la formation"),
        ("للتعليم الأولي", "de l'enseignement préscolaire"),
        ("للدعم المدرسي", "de soutien scolaire"),
    ),
    "health": (
        ("للصحة", "pour la santé"),
        ("لمرضى القصور الكلوي", "des insuffisants rénaux"),
        ("للمتبرعين بالدم", "des donneurs de sang"),
    ),
    "water_environment": (
        ("للماء الصالح للشرب", "de l'eau potable"),
        ("لحماية البيئة", "pour la protection de l'environnement"),
        ("لمستعملي مياه السقي", "des usagers des eaux d'irrigation"),
    ),
    "agriculture": (
        ("للفلاحين", "des agriculteurs"),
        ("للتنمية الفلاحية", "de développement agricole"),
    ),
    "livestock": (("لمربي الماشية", "des éleveurs"),),
    "handicraft": (("للصناعة التقليدية", "de l'artisanat"), ("للصناع التقليديين", "des artisans")),
    "tourism": (("للسياحة", "du tourisme"), ("للسياحة الجبلية", "du tourisme de montagne")),
    "digital": (("للتكنولوجيات الحديثة", "des nouvelles technologies"),),
    "services": (("للخدمات الاجتماعية", "des services sociaux"),),
    "microfinance": (("للقروض الصغرى", "de microcrédit"),),
    "housing": (("للسكنى", "pour l'habitat"),),
    "insurance_mutual": (("للتعاضد", "d'entraide mutuelle"),),
    "other": (("للتنمية والتواصل", "pour le développement et la communication"),),
}

# Who an amicale or a mutual gathers.
MEMBER_GROUPS: tuple[tuple[str, str], ...] = (
    ("موظفي التعليم", "du personnel de l'enseignement"),
    ("موظفي الجماعات الترابية", "des fonctionnaires des collectivités territoriales"),
    ("موظفي الصحة", "du personnel de la santé"),
    ("البحارة الصيادين", "des marins pêcheurs"),
    ("الصناع التقليديين", "des artisans"),
    ("الفلاحين", "des agriculteurs"),
    ("المتقاعدين", "des retraités"),
    ("سائقي سيارات الأجرة", "des chauffeurs de taxi"),
)

# What the organization does, by sector (the `activity` field).
ACTIVITIES: dict[str, tuple[str, str]] = {
    "agriculture": ("إنتاج وتسويق المنتجات الفلاحية", "Production et commercialisation agricoles"),
    "livestock": ("تربية الماشية وتسويق الحليب", "Élevage et collecte de lait"),
    "beekeeping": ("إنتاج وتسويق العسل", "Production et vente de miel"),
    "argan": ("استخراج وتسويق زيت الأركان", "Extraction et vente d'huile d'argane"),
    "aromatic_plants": ("جمع وتثمين النباتات العطرية", "Cueillette et valorisation des PAM"),
    "food_processing": ("تحويل المنتجات المجالية", "Transformation de produits du terroir"),
    "fishing": ("الصيد التقليدي وتسويق السمك", "Pêche artisanale et vente du poisson"),
    "forestry": ("استغلال المنتجات الغابوية", "Exploitation de produits forestiers"),
    "handicraft": ("إنتاج وبيع منتجات الصناعة التقليدية", "Production et vente d'artisanat"),
    "housing": ("بناء مساكن لفائدة الأعضاء", "Construction de logements pour les membres"),
    "consumption": ("تزويد الأعضاء بالمواد الاستهلاكية", "Approvisionnement des membres"),
    "trade": ("تسويق منتجات الأعضاء", "Commercialisation des produits des membres"),
    "transport": ("نقل الأشخاص والبضائع", "Transport de personnes et de marchandises"),
    "tourism": ("الإيواء والسياحة القروية", "Hébergement et tourisme rural"),
    "services": ("تقديم الخدمات", "Prestation de services"),
    "digital": ("الخدمات الرقمية والتكوين", "Services numériques et formation"),
    "mining": ("استغلال المقالع", "Exploitation de carrières"),
    "water_environment": ("تدبير الماء وحماية البيئة", "Gestion de l'eau et environnement"),
    "education": ("محو الأمية والتعليم الأولي", "Alphabétisation et préscolaire"),
    "health": ("التوعية الصحية والمواكبة", "Sensibilisation et accompagnement en santé"),
    "social_action": ("مساعدة الفئات الهشة", "Aide aux personnes vulnérables"),
    "culture_sport": ("أنشطة ثقافية ورياضية", "Activités culturelles et sportives"),
    "local_development": ("مشاريع التنمية المحلية", "Projets de développement local"),
    "microfinance": ("القروض الصغرى والادخار", "Microcrédit et épargne"),
    "insurance_mutual": ("التغطية الصحية التكميلية", "Couverture médicale complémentaire"),
    "other": ("أنشطة متعددة", "Activités diverses"),
}

# Reasons recorded on each status change of the demo organizations.
STATUS_REASONS: dict[str, str] = {
    "registered": "ملف كامل / Dossier complet",
    "reinstated": "استئناف النشاط / Reprise d'activité",
    "suspended": "عدم إيداع التصريح السنوي / Défaut de déclaration annuelle",
    "dissolved": "حل بقرار من الجمع العام / Dissolution par l'assemblée générale",
    "struck_off": "تشطيب بعد التصفية أو عدم النشاط / Radiation après liquidation ou inactivité",
}
