"""Translated words the demo catalog is built from (real translations, not placeholders)."""

# slug: (parent slug or None, {language: name})
CATEGORIES: list[tuple[str, str | None, dict[str, str]]] = [
    ("electronics", None, {"en": "Electronics", "nl": "Elektronica", "de": "Elektronik", "fr": "Électronique", "ar": "إلكترونيات"}),  # noqa: E501
    ("electronics-audio", "electronics", {"en": "Audio", "nl": "Audio", "de": "Audio", "fr": "Audio", "ar": "صوتيات"}),  # noqa: E501
    ("electronics-phones", "electronics", {"en": "Phones & Accessories", "nl": "Telefoons & accessoires", "de": "Handys & Zubehör", "fr": "Téléphones et accessoires", "ar": "الهواتف والإكسسوارات"}),  # noqa: E501
    ("electronics-computers", "electronics", {"en": "Computers", "nl": "Computers", "de": "Computer", "fr": "Ordinateurs", "ar": "أجهزة الكمبيوتر"}),  # noqa: E501
    ("home-kitchen", None, {"en": "Home & Kitchen", "nl": "Huis & keuken", "de": "Haus & Küche", "fr": "Maison et cuisine", "ar": "المنزل والمطبخ"}),  # noqa: E501
    ("kitchen", "home-kitchen", {"en": "Kitchen", "nl": "Keuken", "de": "Küche", "fr": "Cuisine", "ar": "المطبخ"}),  # noqa: E501
    ("fashion", None, {"en": "Fashion", "nl": "Mode", "de": "Mode", "fr": "Mode", "ar": "أزياء"}),
    ("fashion-men", "fashion", {"en": "Men", "nl": "Heren", "de": "Herren", "fr": "Homme", "ar": "رجال"}),  # noqa: E501
    ("fashion-women", "fashion", {"en": "Women", "nl": "Dames", "de": "Damen", "fr": "Femme", "ar": "نساء"}),  # noqa: E501
    ("sports-outdoors", None, {"en": "Sports & Outdoors", "nl": "Sport & buiten", "de": "Sport & Outdoor", "fr": "Sports et plein air", "ar": "الرياضة والهواء الطلق"}),  # noqa: E501
    ("beauty", None, {"en": "Beauty", "nl": "Schoonheid", "de": "Schönheit", "fr": "Beauté", "ar": "الجمال"}),  # noqa: E501
    ("toys-games", None, {"en": "Toys & Games", "nl": "Speelgoed & spellen", "de": "Spielzeug & Spiele", "fr": "Jouets et jeux", "ar": "ألعاب"}),  # noqa: E501
    ("books", None, {"en": "Books", "nl": "Boeken", "de": "Bücher", "fr": "Livres", "ar": "كتب"}),
    ("garden", None, {"en": "Garden", "nl": "Tuin", "de": "Garten", "fr": "Jardin", "ar": "الحديقة"}),  # noqa: E501
]

# Leaf category slug → nouns {language: noun}; product names are "<noun> <line>".
NOUNS: dict[str, list[dict[str, str]]] = {
    "electronics-audio": [
        {"en": "Wireless Earbuds", "nl": "Draadloze oordopjes", "de": "Kabellose Ohrhörer", "fr": "Écouteurs sans fil", "ar": "سماعات أذن لاسلكية"},  # noqa: E501
        {"en": "Bluetooth Speaker", "nl": "Bluetooth-speaker", "de": "Bluetooth-Lautsprecher", "fr": "Enceinte Bluetooth", "ar": "مكبر صوت بلوتوث"},  # noqa: E501
        {"en": "Over-Ear Headphones", "nl": "Over-ear koptelefoon", "de": "Over-Ear-Kopfhörer", "fr": "Casque circum-auriculaire", "ar": "سماعات رأس"},  # noqa: E501
        {"en": "Soundbar", "nl": "Soundbar", "de": "Soundbar", "fr": "Barre de son", "ar": "مكبر صوت عمودي"},  # noqa: E501
        {"en": "Turntable", "nl": "Platenspeler", "de": "Plattenspieler", "fr": "Platine vinyle", "ar": "مشغل أسطوانات"},  # noqa: E501
    ],
    "electronics-phones": [
        {"en": "Phone Case", "nl": "Telefoonhoesje", "de": "Handyhülle", "fr": "Coque de téléphone", "ar": "غطاء هاتف"},  # noqa: E501
        {"en": "Fast Charger", "nl": "Snellader", "de": "Schnellladegerät", "fr": "Chargeur rapide", "ar": "شاحن سريع"},  # noqa: E501
        {"en": "Power Bank", "nl": "Powerbank", "de": "Powerbank", "fr": "Batterie externe", "ar": "بطارية متنقلة"},  # noqa: E501
        {"en": "Screen Protector", "nl": "Screenprotector", "de": "Displayschutz", "fr": "Protection d'écran", "ar": "واقي شاشة"},  # noqa: E501
        {"en": "Car Phone Holder", "nl": "Telefoonhouder voor de auto", "de": "Kfz-Handyhalterung", "fr": "Support téléphone voiture", "ar": "حامل هاتف للسيارة"},  # noqa: E501
    ],
    "electronics-computers": [
        {"en": "Mechanical Keyboard", "nl": "Mechanisch toetsenbord", "de": "Mechanische Tastatur", "fr": "Clavier mécanique", "ar": "لوحة مفاتيح ميكانيكية"},  # noqa: E501
        {"en": "Wireless Mouse", "nl": "Draadloze muis", "de": "Kabellose Maus", "fr": "Souris sans fil", "ar": "فأرة لاسلكية"},  # noqa: E501
        {"en": "USB-C Hub", "nl": "USB-C-hub", "de": "USB-C-Hub", "fr": "Hub USB-C", "ar": "موزع USB-C"},  # noqa: E501
        {"en": "Laptop Stand", "nl": "Laptopstandaard", "de": "Laptopständer", "fr": "Support pour ordinateur portable", "ar": "حامل حاسوب محمول"},  # noqa: E501
        {"en": "Webcam", "nl": "Webcam", "de": "Webcam", "fr": "Webcam", "ar": "كاميرا ويب"},
    ],
    "kitchen": [
        {"en": "Chef's Knife", "nl": "Koksmes", "de": "Kochmesser", "fr": "Couteau de chef", "ar": "سكين الطاهي"},  # noqa: E501
        {"en": "Frying Pan", "nl": "Koekenpan", "de": "Bratpfanne", "fr": "Poêle", "ar": "مقلاة"},
        {"en": "Coffee Grinder", "nl": "Koffiemolen", "de": "Kaffeemühle", "fr": "Moulin à café", "ar": "مطحنة قهوة"},  # noqa: E501
        {"en": "Cutting Board", "nl": "Snijplank", "de": "Schneidebrett", "fr": "Planche à découper", "ar": "لوح تقطيع"},  # noqa: E501
        {"en": "Electric Kettle", "nl": "Waterkoker", "de": "Wasserkocher", "fr": "Bouilloire électrique", "ar": "غلاية كهربائية"},  # noqa: E501
    ],
    "home-kitchen": [
        {"en": "Table Lamp", "nl": "Tafellamp", "de": "Tischlampe", "fr": "Lampe de table", "ar": "مصباح طاولة"},  # noqa: E501
        {"en": "Throw Blanket", "nl": "Plaid", "de": "Kuscheldecke", "fr": "Plaid", "ar": "بطانية"},  # noqa: E501
        {"en": "Scented Candle", "nl": "Geurkaars", "de": "Duftkerze", "fr": "Bougie parfumée", "ar": "شمعة معطرة"},  # noqa: E501
        {"en": "Wall Clock", "nl": "Wandklok", "de": "Wanduhr", "fr": "Horloge murale", "ar": "ساعة حائط"},  # noqa: E501
        {"en": "Storage Basket", "nl": "Opbergmand", "de": "Aufbewahrungskorb", "fr": "Panier de rangement", "ar": "سلة تخزين"},  # noqa: E501
    ],
    "fashion-men": [
        {"en": "Men's T-Shirt", "nl": "Heren-T-shirt", "de": "Herren-T-Shirt", "fr": "T-shirt homme", "ar": "قميص رجالي"},  # noqa: E501
        {"en": "Men's Jacket", "nl": "Herenjas", "de": "Herrenjacke", "fr": "Veste homme", "ar": "سترة رجالية"},  # noqa: E501
        {"en": "Leather Belt", "nl": "Leren riem", "de": "Ledergürtel", "fr": "Ceinture en cuir", "ar": "حزام جلدي"},  # noqa: E501
        {"en": "Men's Sneakers", "nl": "Herensneakers", "de": "Herren-Sneaker", "fr": "Baskets homme", "ar": "حذاء رياضي رجالي"},  # noqa: E501
        {"en": "Wool Scarf", "nl": "Wollen sjaal", "de": "Wollschal", "fr": "Écharpe en laine", "ar": "وشاح صوفي"},  # noqa: E501
    ],
    "fashion-women": [
        {"en": "Summer Dress", "nl": "Zomerjurk", "de": "Sommerkleid", "fr": "Robe d'été", "ar": "فستان صيفي"},  # noqa: E501
        {"en": "Handbag", "nl": "Handtas", "de": "Handtasche", "fr": "Sac à main", "ar": "حقيبة يد"},  # noqa: E501
        {"en": "Women's Blouse", "nl": "Damesblouse", "de": "Damenbluse", "fr": "Chemisier femme", "ar": "بلوزة نسائية"},  # noqa: E501
        {"en": "Silk Scarf", "nl": "Zijden sjaal", "de": "Seidenschal", "fr": "Foulard en soie", "ar": "وشاح حريري"},  # noqa: E501
        {"en": "Ankle Boots", "nl": "Enkellaarzen", "de": "Stiefeletten", "fr": "Bottines", "ar": "حذاء بوت قصير"},  # noqa: E501
    ],
    "sports-outdoors": [
        {"en": "Yoga Mat", "nl": "Yogamat", "de": "Yogamatte", "fr": "Tapis de yoga", "ar": "سجادة يوغا"},  # noqa: E501
        {"en": "Running Shoes", "nl": "Hardloopschoenen", "de": "Laufschuhe", "fr": "Chaussures de course", "ar": "حذاء جري"},  # noqa: E501
        {"en": "Camping Tent", "nl": "Kampeertent", "de": "Campingzelt", "fr": "Tente de camping", "ar": "خيمة تخييم"},  # noqa: E501
        {"en": "Water Bottle", "nl": "Drinkfles", "de": "Trinkflasche", "fr": "Gourde", "ar": "زجاجة ماء"},  # noqa: E501
        {"en": "Dumbbell Set", "nl": "Dumbbellset", "de": "Hantelset", "fr": "Set d'haltères", "ar": "مجموعة دمبل"},  # noqa: E501
    ],
    "beauty": [
        {"en": "Face Cream", "nl": "Gezichtscrème", "de": "Gesichtscreme", "fr": "Crème visage", "ar": "كريم الوجه"},  # noqa: E501
        {"en": "Perfume", "nl": "Parfum", "de": "Parfüm", "fr": "Parfum", "ar": "عطر"},
        {"en": "Hair Dryer", "nl": "Föhn", "de": "Haartrockner", "fr": "Sèche-cheveux", "ar": "مجفف شعر"},  # noqa: E501
        {"en": "Lipstick", "nl": "Lippenstift", "de": "Lippenstift", "fr": "Rouge à lèvres", "ar": "أحمر شفاه"},  # noqa: E501
        {"en": "Shampoo", "nl": "Shampoo", "de": "Shampoo", "fr": "Shampooing", "ar": "شامبو"},
    ],
    "toys-games": [
        {"en": "Building Blocks", "nl": "Bouwblokken", "de": "Bausteine", "fr": "Blocs de construction", "ar": "مكعبات بناء"},  # noqa: E501
        {"en": "Jigsaw Puzzle", "nl": "Legpuzzel", "de": "Puzzle", "fr": "Puzzle", "ar": "أحجية تركيب"},  # noqa: E501
        {"en": "Board Game", "nl": "Bordspel", "de": "Brettspiel", "fr": "Jeu de société", "ar": "لعبة لوحية"},  # noqa: E501
        {"en": "Teddy Bear", "nl": "Teddybeer", "de": "Teddybär", "fr": "Ours en peluche", "ar": "دب محشو"},  # noqa: E501
        {"en": "Remote Control Car", "nl": "Radiografisch bestuurbare auto", "de": "Ferngesteuertes Auto", "fr": "Voiture télécommandée", "ar": "سيارة تحكم عن بعد"},  # noqa: E501
    ],
    "books": [
        {"en": "Cookbook", "nl": "Kookboek", "de": "Kochbuch", "fr": "Livre de cuisine", "ar": "كتاب طبخ"},  # noqa: E501
        {"en": "Travel Guide", "nl": "Reisgids", "de": "Reiseführer", "fr": "Guide de voyage", "ar": "دليل سفر"},  # noqa: E501
        {"en": "Notebook", "nl": "Notitieboek", "de": "Notizbuch", "fr": "Carnet", "ar": "دفتر"},
        {"en": "Children's Book", "nl": "Kinderboek", "de": "Kinderbuch", "fr": "Livre pour enfants", "ar": "كتاب أطفال"},  # noqa: E501
        {"en": "Photo Album", "nl": "Fotoalbum", "de": "Fotoalbum", "fr": "Album photo", "ar": "ألبوم صور"},  # noqa: E501
    ],
    "garden": [
        {"en": "Garden Hose", "nl": "Tuinslang", "de": "Gartenschlauch", "fr": "Tuyau d'arrosage", "ar": "خرطوم حديقة"},  # noqa: E501
        {"en": "Flower Pot", "nl": "Bloempot", "de": "Blumentopf", "fr": "Pot de fleurs", "ar": "أصيص زهور"},  # noqa: E501
        {"en": "Pruning Shears", "nl": "Snoeischaar", "de": "Gartenschere", "fr": "Sécateur", "ar": "مقص تقليم"},  # noqa: E501
        {"en": "Solar Garden Light", "nl": "Tuinlamp op zonne-energie", "de": "Solar-Gartenleuchte", "fr": "Lampe solaire de jardin", "ar": "مصباح حديقة شمسي"},  # noqa: E501
        {"en": "Bird Feeder", "nl": "Vogelvoederhuisje", "de": "Vogelfutterhaus", "fr": "Mangeoire à oiseaux", "ar": "وحدة تغذية الطيور"},  # noqa: E501
    ],
}

# Product lines, written the same way in Latin scripts; transliterated in Arabic.
LINES = [
    {"en": "Classic", "ar": "كلاسيك"},
    {"en": "Pro", "ar": "برو"},
    {"en": "Lite", "ar": "لايت"},
    {"en": "Max", "ar": "ماكس"},
    {"en": "Eco", "ar": "إيكو"},
]

DESCRIPTION = {
    "en": "<p>{name} by {brand}: made to last, tested for everyday use.</p><ul><li>Free returns within 30 days</li><li>Two-year warranty</li></ul>",  # noqa: E501
    "nl": "<p>{name} van {brand}: gemaakt om lang mee te gaan, getest voor dagelijks gebruik.</p><ul><li>Gratis retourneren binnen 30 dagen</li><li>Twee jaar garantie</li></ul>",  # noqa: E501
    "de": "<p>{name} von {brand}: langlebig gebaut, für den Alltag getestet.</p><ul><li>Kostenlose Rücksendung innerhalb von 30 Tagen</li><li>Zwei Jahre Garantie</li></ul>",  # noqa: E501
    "fr": "<p>{name} de {brand} : conçu pour durer, testé pour un usage quotidien.</p><ul><li>Retours gratuits sous 30 jours</li><li>Garantie de deux ans</li></ul>",  # noqa: E501
    "ar": "<p>{name} من {brand}: مصنوع ليدوم، ومختبر للاستخدام اليومي.</p><ul><li>إرجاع مجاني خلال 30 يومًا</li><li>ضمان لمدة عامين</li></ul>",  # noqa: E501
}

COLORS = [
    {"en": "Black", "nl": "Zwart", "de": "Schwarz", "fr": "Noir", "ar": "أسود"},
    {"en": "White", "nl": "Wit", "de": "Weiß", "fr": "Blanc", "ar": "أبيض"},
    {"en": "Blue", "nl": "Blauw", "de": "Blau", "fr": "Bleu", "ar": "أزرق"},
]
COLOR_NAME = {"en": "Color", "nl": "Kleur", "de": "Farbe", "fr": "Couleur", "ar": "اللون"}
SIZES = ["S", "M", "L"]
SIZE_NAME = {"en": "Size", "nl": "Maat", "de": "Größe", "fr": "Taille", "ar": "المقاس"}
