"""Demo catalogue used by the seed command: 24 products in English and French."""

DEMO_PRODUCTS: list[dict] = [
    # --- Ceramics -----------------------------------------------------------
    {
        "slug": "stoneware-mug-sage",
        "sku": "ML-CER-001",
        "category": "ceramics",
        "name": "Stoneware Mug, Sage",
        "name_fr": "Mug en grès, sauge",
        "description": (
            "A generous 350 ml mug thrown in speckled stoneware and finished with a soft sage glaze. "
            "Made by a small workshop in the Loire Valley, it is dishwasher and microwave safe."
        ),
        "description_fr": (
            "Un mug généreux de 350 ml en grès moucheté, recouvert d’un doux émail vert sauge. "
            "Façonné par un petit atelier du Val de Loire, il passe au lave-vaisselle et au micro-ondes."
        ),
        "price_cents": 2400,
        "stock": 36,
        "image": "images/products/stoneware-mug-sage.svg",
        "color": "#8FA68A",
    },
    {
        "slug": "breakfast-bowl-oat",
        "sku": "ML-CER-002",
        "category": "ceramics",
        "name": "Breakfast Bowl, Oat",
        "name_fr": "Bol du petit-déjeuner, avoine",
        "description": (
            "A wide 15 cm bowl in warm oat-coloured stoneware, just right for granola, soup or café au lait. "
            "Each piece is glazed by hand in Burgundy, so no two are exactly alike."
        ),
        "description_fr": (
            "Un large bol de 15 cm en grès couleur avoine, idéal pour le granola, la soupe ou le café au lait. "
            "Chaque pièce est émaillée à la main en Bourgogne\u202f: aucune n’est tout à fait identique."
        ),
        "price_cents": 1900,
        "stock": 42,
        "image": "images/products/breakfast-bowl-oat.svg",
        "color": "#D8C3A0",
    },
    {
        "slug": "bud-vase-terracotta",
        "sku": "ML-CER-003",
        "category": "ceramics",
        "name": "Bud Vase, Terracotta",
        "name_fr": "Soliflore en terre cuite",
        "description": (
            "A slender 18 cm bud vase in raw Provençal terracotta with a glazed interior that holds water. "
            "Perfect for a single dried stem or a sprig of olive on a bedside table."
        ),
        "description_fr": (
            "Un soliflore élancé de 18 cm en terre cuite de Provence, émaillé à l’intérieur pour retenir l’eau. "
            "Parfait pour une tige séchée ou un rameau d’olivier sur une table de chevet."
        ),
        "price_cents": 3200,
        "stock": 18,
        "image": "images/products/bud-vase-terracotta.svg",
        "color": "#C4714F",
    },
    {
        "slug": "dinner-plate-chalk",
        "sku": "ML-CER-004",
        "category": "ceramics",
        "name": "Dinner Plate, Chalk",
        "name_fr": "Assiette plate, craie",
        "description": (
            "A 27 cm dinner plate in chalk-white porcelain from Limoges, with a softly raised rim. "
            "Its satin glaze resists scratches and looks as good with a Sunday roast as with a simple salad."
        ),
        "description_fr": (
            "Une assiette plate de 27 cm en porcelaine de Limoges blanc craie, au bord légèrement relevé. "
            "Son émail satiné résiste aux rayures et sublime aussi bien un rôti du dimanche qu’une simple salade."
        ),
        "price_cents": 2800,
        "stock": 0,
        "image": "images/products/dinner-plate-chalk.svg",
        "color": "#B9B4A8",
    },
    # --- Coffee -------------------------------------------------------------
    {
        "slug": "house-blend-coffee-beans",
        "sku": "ML-COF-001",
        "category": "coffee",
        "name": "House Blend Coffee Beans, 250 g",
        "name_fr": "Café en grains, mélange maison, 250 g",
        "description": (
            "Our everyday blend of Brazilian and Ethiopian beans, medium-roasted in small batches in Lyon. "
            "Expect notes of milk chocolate, hazelnut and a hint of red fruit."
        ),
        "description_fr": (
            "Notre mélange du quotidien, associant grains du Brésil et d’Éthiopie, torréfié en petits lots à Lyon. "
            "Des notes de chocolat au lait, de noisette et une pointe de fruits rouges."
        ),
        "price_cents": 1150,
        "stock": 54,
        "image": "images/products/house-blend-coffee-beans.svg",
        "color": "#7A5236",
    },
    {
        "slug": "ethiopia-yirgacheffe-coffee",
        "sku": "ML-COF-002",
        "category": "coffee",
        "name": "Ethiopia Yirgacheffe, 250 g",
        "name_fr": "Éthiopie Yirgacheffe, 250 g",
        "description": (
            "A washed single-origin coffee from smallholder farms in Yirgacheffe, lightly roasted to keep its florals. "
            "Bright and tea-like, with jasmine, bergamot and lemon zest; lovely as a pour-over."
        ),
        "description_fr": (
            "Un café d’origine unique, lavé, issu de petites exploitations de Yirgacheffe et torréfié clair pour préserver ses arômes floraux. "
            "Vif et délicat comme un thé, avec des notes de jasmin, de bergamote et de zeste de citron\u202f; idéal en filtre."
        ),
        "price_cents": 1450,
        "stock": 27,
        "image": "images/products/ethiopia-yirgacheffe-coffee.svg",
        "color": "#C9A227",
    },
    {
        "slug": "decaf-colombia-coffee",
        "sku": "ML-COF-003",
        "category": "coffee",
        "name": "Swiss Water Decaf Colombia, 250 g",
        "name_fr": "Café de Colombie décaféiné à l’eau, 250 g",
        "description": (
            "Colombian beans decaffeinated with the chemical-free Swiss Water method, then roasted medium-dark. "
            "Round and comforting, with caramel and cocoa notes for an evening cup without the buzz."
        ),
        "description_fr": (
            "Des grains de Colombie décaféinés à l’eau, sans solvant, puis torréfiés mi-foncé. "
            "Rond et réconfortant, aux notes de caramel et de cacao, pour une tasse du soir en toute sérénité."
        ),
        "price_cents": 1350,
        "stock": 21,
        "image": "images/products/decaf-colombia-coffee.svg",
        "color": "#5E7F8C",
    },
    {
        "slug": "espresso-roast-ground-coffee",
        "sku": "ML-COF-004",
        "category": "coffee",
        "name": "Espresso Roast, Ground, 250 g",
        "name_fr": "Torréfaction espresso, moulu, 250 g",
        "description": (
            "A dark roast of Brazilian and Indian robusta-arabica beans, ground fine for espresso machines and moka pots. "
            "Full-bodied and syrupy, with a thick crema and notes of dark chocolate and toasted almond."
        ),
        "description_fr": (
            "Une torréfaction foncée de grains du Brésil et d’Inde, moulus fin pour machine espresso et cafetière italienne. "
            "Corsé et onctueux, avec une belle crema et des notes de chocolat noir et d’amande grillée."
        ),
        "price_cents": 1250,
        "stock": 48,
        "image": "images/products/espresso-roast-ground-coffee.svg",
        "color": "#3E2A22",
    },
    # --- Tea ----------------------------------------------------------------
    {
        "slug": "earl-grey-cornflower-tea",
        "sku": "ML-TEA-001",
        "category": "tea",
        "name": "Earl Grey with Cornflower, 100 g",
        "name_fr": "Earl Grey au bleuet, 100 g",
        "description": (
            "Ceylon black tea scented with Calabrian bergamot oil and scattered with blue cornflower petals. "
            "Packed in a resealable 100 g tin, enough for about 50 cups."
        ),
        "description_fr": (
            "Un thé noir de Ceylan parfumé à l’huile de bergamote de Calabre et parsemé de pétales de bleuet. "
            "Présenté dans une boîte refermable de 100 g, de quoi préparer une cinquantaine de tasses."
        ),
        "price_cents": 1200,
        "stock": 33,
        "image": "images/products/earl-grey-cornflower-tea.svg",
        "color": "#5B6FA8",
    },
    {
        "slug": "sencha-green-tea",
        "sku": "ML-TEA-002",
        "category": "tea",
        "name": "Sencha Green Tea, 80 g",
        "name_fr": "Thé vert Sencha, 80 g",
        "description": (
            "A spring-harvest sencha from Shizuoka, steamed and rolled into fine emerald needles. "
            "Brew at 70 °C for a sweet, grassy cup with a gentle umami finish."
        ),
        "description_fr": (
            "Un sencha de récolte printanière de Shizuoka, étuvé et roulé en fines aiguilles vert émeraude. "
            "Infusé à 70 °C, il offre une tasse douce et herbacée, à la finale délicatement umami."
        ),
        "price_cents": 1450,
        "stock": 24,
        "image": "images/products/sencha-green-tea.svg",
        "color": "#7FA35B",
    },
    {
        "slug": "rooibos-vanilla-tea",
        "sku": "ML-TEA-003",
        "category": "tea",
        "name": "Rooibos Vanilla, 100 g",
        "name_fr": "Rooibos vanille, 100 g",
        "description": (
            "Caffeine-free South African rooibos blended with Madagascan vanilla pieces and a touch of orange peel. "
            "Naturally sweet and soothing, hot or iced, for every member of the family."
        ),
        "description_fr": (
            "Un rooibos d’Afrique du Sud sans théine, mêlé à des éclats de vanille de Madagascar et à une touche d’écorce d’orange. "
            "Naturellement doux et apaisant, chaud ou glacé, pour toute la famille."
        ),
        "price_cents": 950,
        "stock": 0,
        "image": "images/products/rooibos-vanilla-tea.svg",
        "color": "#B5563C",
    },
    {
        "slug": "cast-iron-teapot-indigo",
        "sku": "ML-TEA-004",
        "category": "tea",
        "name": "Cast Iron Teapot, Indigo, 0.8 L",
        "name_fr": "Théière en fonte, indigo, 0,8 L",
        "description": (
            "A 0.8 litre cast iron teapot with an enamelled interior and a removable stainless steel infuser. "
            "It keeps tea hot for ages and serves three to four cups."
        ),
        "description_fr": (
            "Une théière en fonte de 0,8 litre à l’intérieur émaillé, avec un filtre amovible en acier inoxydable. "
            "Elle garde le thé chaud très longtemps et sert trois à quatre tasses."
        ),
        "price_cents": 6900,
        "stock": 9,
        "image": "images/products/cast-iron-teapot-indigo.svg",
        "color": "#34486B",
    },
    # --- Textiles -----------------------------------------------------------
    {
        "slug": "linen-tea-towel-stripe",
        "sku": "ML-TEX-001",
        "category": "textiles",
        "name": "Linen Tea Towel, Stripe",
        "name_fr": "Torchon en lin, rayé",
        "description": (
            "A 50 × 70 cm tea towel woven from stonewashed French flax with a classic red stripe. "
            "Highly absorbent and lint-free, it gets softer with every wash."
        ),
        "description_fr": (
            "Un torchon de 50 × 70 cm tissé en lin français lavé à la pierre, orné d’une rayure rouge classique. "
            "Très absorbant et sans peluches, il s’assouplit à chaque lavage."
        ),
        "price_cents": 1600,
        "stock": 40,
        "image": "images/products/linen-tea-towel-stripe.svg",
        "color": "#C0504D",
    },
    {
        "slug": "linen-napkins-set-clay",
        "sku": "ML-TEX-002",
        "category": "textiles",
        "name": "Linen Napkins, Set of 4, Clay",
        "name_fr": "Serviettes en lin, lot de 4, argile",
        "description": (
            "Four 45 cm napkins in washed Normandy linen, dyed a warm clay tone and finished with mitred corners. "
            "Relaxed and crumpled by design, so there is never any need to iron them."
        ),
        "description_fr": (
            "Quatre serviettes de 45 cm en lin de Normandie lavé, teintes d’un chaud ton argile et finies à coins d’onglet. "
            "Volontairement froissées, elles n’ont jamais besoin d’être repassées."
        ),
        "price_cents": 3400,
        "stock": 22,
        "image": "images/products/linen-napkins-set-clay.svg",
        "color": "#B9826A",
    },
    {
        "slug": "waffle-bath-towel-sand",
        "sku": "ML-TEX-003",
        "category": "textiles",
        "name": "Waffle Bath Towel, Sand",
        "name_fr": "Drap de bain nid d’abeille, sable",
        "description": (
            "A light yet thirsty 70 × 140 cm bath towel in waffle-weave Portuguese cotton. "
            "It dries quickly, packs small and brings a spa feel to the everyday bathroom."
        ),
        "description_fr": (
            "Un drap de bain de 70 × 140 cm, léger mais très absorbant, en coton portugais tissé nid d’abeille. "
            "Il sèche vite, se plie petit et apporte une touche de spa à la salle de bains."
        ),
        "price_cents": 3900,
        "stock": 15,
        "image": "images/products/waffle-bath-towel-sand.svg",
        "color": "#D9C4A3",
    },
    {
        "slug": "linen-tablecloth-olive",
        "sku": "ML-TEX-004",
        "category": "textiles",
        "name": "Linen Tablecloth, Olive",
        "name_fr": "Nappe en lin, olive",
        "description": (
            "A 150 × 250 cm tablecloth in heavyweight Belgian linen, dyed a deep olive green. "
            "It seats six to eight and gives any long lunch an easy, sun-dappled elegance."
        ),
        "description_fr": (
            "Une nappe de 150 × 250 cm en lin belge épais, teinte d’un vert olive profond. "
            "Elle accueille six à huit convives et apporte à chaque long déjeuner une élégance décontractée."
        ),
        "price_cents": 8900,
        "stock": 6,
        "image": "images/products/linen-tablecloth-olive.svg",
        "color": "#6B7040",
    },
    # --- Candles ------------------------------------------------------------
    {
        "slug": "fig-leaf-candle",
        "sku": "ML-CAN-001",
        "category": "candles",
        "name": "Fig Leaf Scented Candle, 200 g",
        "name_fr": "Bougie parfumée feuille de figuier, 200 g",
        "description": (
            "A green, milky fig-leaf scent poured into a 200 g glass jar with natural rapeseed wax and a cotton wick. "
            "Hand-poured in Grasse, it burns cleanly for around 45 hours."
        ),
        "description_fr": (
            "Un parfum vert et lacté de feuille de figuier, coulé dans un pot en verre de 200 g avec une cire de colza naturelle et une mèche en coton. "
            "Coulée à la main à Grasse, elle brûle proprement pendant environ 45 heures."
        ),
        "price_cents": 3200,
        "stock": 30,
        "image": "images/products/fig-leaf-candle.svg",
        "color": "#6F8F5E",
    },
    {
        "slug": "cedar-amber-candle",
        "sku": "ML-CAN-002",
        "category": "candles",
        "name": "Cedar & Amber Scented Candle, 200 g",
        "name_fr": "Bougie parfumée cèdre et ambre, 200 g",
        "description": (
            "Warm Atlas cedarwood and soft amber in a smoky brown glass jar, hand-poured in Grasse. "
            "Rapeseed wax and a cotton wick give about 45 hours of cosy, even burning."
        ),
        "description_fr": (
            "Le bois de cèdre de l’Atlas et l’ambre se mêlent dans un pot en verre fumé, coulé à la main à Grasse. "
            "Cire de colza et mèche en coton pour environ 45 heures de combustion douce et régulière."
        ),
        "price_cents": 3400,
        "stock": 26,
        "image": "images/products/cedar-amber-candle.svg",
        "color": "#9A6A3A",
    },
    {
        "slug": "lavender-travel-candle",
        "sku": "ML-CAN-003",
        "category": "candles",
        "name": "Lavender Travel Candle, 80 g",
        "name_fr": "Bougie de voyage à la lavande, 80 g",
        "description": (
            "A small 80 g candle scented with fine lavender from the Plateau de Valensole. "
            "Its little glass jar with a lid slips easily into a suitcase and burns for about 20 hours."
        ),
        "description_fr": (
            "Une petite bougie de 80 g parfumée à la lavande fine du plateau de Valensole. "
            "Son petit pot en verre avec couvercle se glisse facilement dans une valise et brûle environ 20 heures."
        ),
        "price_cents": 1400,
        "stock": 50,
        "image": "images/products/lavender-travel-candle.svg",
        "color": "#8E7CB5",
    },
    {
        "slug": "orange-blossom-candle-large",
        "sku": "ML-CAN-004",
        "category": "candles",
        "name": "Orange Blossom Candle, 450 g",
        "name_fr": "Bougie fleur d’oranger, 450 g",
        "description": (
            "A generous three-wick candle scented with Tunisian orange blossom and a touch of neroli. "
            "Poured into a 450 g frosted glass jar, it fills a living room for up to 80 hours."
        ),
        "description_fr": (
            "Une généreuse bougie à trois mèches parfumée à la fleur d’oranger de Tunisie et à une touche de néroli. "
            "Coulée dans un pot en verre givré de 450 g, elle embaume un salon jusqu’à 80 heures."
        ),
        "price_cents": 5800,
        "stock": 12,
        "image": "images/products/orange-blossom-candle-large.svg",
        "color": "#E0A15A",
    },
    # --- Kitchen ------------------------------------------------------------
    {
        "slug": "olive-wood-serving-board",
        "sku": "ML-KIT-001",
        "category": "kitchen",
        "name": "Olive Wood Serving Board",
        "name_fr": "Planche de service en bois d’olivier",
        "description": (
            "A 40 cm serving board carved from a single piece of Tunisian olive wood, each with its own grain. "
            "Ideal for cheese, charcuterie or bread, and finished with food-safe oil."
        ),
        "description_fr": (
            "Une planche de service de 40 cm taillée dans une seule pièce de bois d’olivier de Tunisie, au veinage unique. "
            "Idéale pour le fromage, la charcuterie ou le pain, elle est finie à l’huile alimentaire."
        ),
        "price_cents": 4500,
        "stock": 14,
        "image": "images/products/olive-wood-serving-board.svg",
        "color": "#A88452",
    },
    {
        "slug": "beech-wood-spoon",
        "sku": "ML-KIT-002",
        "category": "kitchen",
        "name": "Beech Wood Cooking Spoon",
        "name_fr": "Cuillère de cuisine en hêtre",
        "description": (
            "A 30 cm cooking spoon turned from solid Jura beech, smooth to hold and gentle on pans. "
            "Simply wash by hand and oil it from time to time to keep it looking its best."
        ),
        "description_fr": (
            "Une cuillère de cuisine de 30 cm tournée dans du hêtre massif du Jura, douce en main et respectueuse des poêles. "
            "Lavez-la simplement à la main et huilez-la de temps en temps pour la garder belle."
        ),
        "price_cents": 650,
        "stock": 60,
        "image": "images/products/beech-wood-spoon.svg",
        "color": "#C9A06B",
    },
    {
        "slug": "glass-storage-jar-1l",
        "sku": "ML-KIT-003",
        "category": "kitchen",
        "name": "Glass Storage Jar, 1 L",
        "name_fr": "Bocal de conservation en verre, 1 L",
        "description": (
            "A 1 litre borosilicate glass jar with an airtight bamboo lid and silicone seal. "
            "Keeps pasta, oats or coffee beans fresh and lets you see at a glance when to restock."
        ),
        "description_fr": (
            "Un bocal de 1 litre en verre borosilicate avec un couvercle hermétique en bambou et un joint en silicone. "
            "Il garde pâtes, flocons d’avoine ou grains de café bien frais et montre d’un coup d’œil quand refaire le plein."
        ),
        "price_cents": 1800,
        "stock": 38,
        "image": "images/products/glass-storage-jar-1l.svg",
        "color": "#7FA7A0",
    },
    {
        "slug": "marble-mortar-pestle",
        "sku": "ML-KIT-004",
        "category": "kitchen",
        "name": "Marble Mortar & Pestle",
        "name_fr": "Mortier et pilon en marbre",
        "description": (
            "A heavy 12 cm mortar and pestle cut from white Carrara-style marble with a polished exterior. "
            "Its unpolished bowl grips spices, garlic and herbs for pesto, rubs and curry pastes."
        ),
        "description_fr": (
            "Un mortier de 12 cm et son pilon, lourds et taillés dans un marbre blanc au poli extérieur. "
            "Son intérieur brut retient épices, ail et herbes pour le pesto, les marinades et les pâtes de curry."
        ),
        "price_cents": 3600,
        "stock": 11,
        "image": "images/products/marble-mortar-pestle.svg",
        "color": "#A9A6A0",
    },
]
