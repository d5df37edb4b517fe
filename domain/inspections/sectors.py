"""What a factory does, as ISIC Rev. 4 (which Pakistan's PSIC 2010 follows to the class): the
divisions and classes of the sectors Nishan's inspections cover. Their names, in every language,
are in api/wording/vocabularies.py."""

from domain.vocabulary import OTHER, Vocabulary

SECTORS = Vocabulary(
    kind="sector",
    codes=(
        "0116",  # growing of fibre crops (cotton picking)
        "0163",  # post-harvest crop activities (cotton ginning)
        "0510",  # mining of hard coal
        "0810",  # quarrying of stone, sand and clay
        "1020",  # processing and preserving of fish
        "1061",  # grain mill products (rice milling)
        "13",  # manufacture of textiles
        "1311",  # preparation and spinning of textile fibres
        "1312",  # weaving of textiles
        "1313",  # finishing of textiles
        "1391",  # knitted and crocheted fabrics
        "1392",  # made-up textile articles, except apparel (home textiles)
        "1393",  # carpets and rugs
        "1399",  # other textiles n.e.c.
        "14",  # manufacture of wearing apparel
        "1410",  # wearing apparel, except fur apparel
        "1430",  # knitted and crocheted apparel
        "15",  # manufacture of leather and related products
        "1511",  # tanning and dressing of leather
        "1512",  # luggage, handbags, saddlery and harness
        "1520",  # footwear
        "2392",  # clay building materials (brick kilns)
        "2593",  # cutlery, hand tools and general hardware
        "3100",  # furniture
        "3230",  # sports goods
        "3250",  # medical and dental instruments and supplies (surgical instruments)
        OTHER,
    ),
    earlier_words={
        "cotton ginning": "0163",
        "ginning": "0163",
        "coal mining": "0510",
        "textiles": "13",
        "textile": "13",
        "spinning": "1311",
        "cotton yarn": "1311",
        "weaving": "1312",
        "home textiles": "1392",
        "made ups": "1392",
        "carpets": "1393",
        "garments": "1410",
        "apparel": "1410",
        "knitwear": "1430",
        "leather": "15",
        "tanning": "1511",
        "tannery": "1511",
        "leather goods": "1512",
        "footwear": "1520",
        "bricks": "2392",
        "brick kiln": "2392",
        "brick kilns": "2392",
        "cutlery": "2593",
        "furniture": "3100",
        "sports goods": "3230",
        "surgical instruments": "3250",
    },
)
