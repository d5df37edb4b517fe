"""The steps of making that a lot goes through at a factory, in the textile, leather,
surgical-instrument and sports-goods chains. Their names, in every language, are in
api/wording/vocabularies.py."""

from domain.vocabulary import OTHER, Vocabulary

STAGES = Vocabulary(
    kind="stage",
    codes=(
        # Textiles and clothing, from the field to the carton.
        "ginning",
        "spinning",
        "weaving",
        "knitting",
        "dyeing",
        "printing",
        "finishing",
        "cutting",
        "stitching",
        "embroidery",
        "washing",
        "carpet_weaving",
        # Leather.
        "tanning",
        "leather_finishing",
        # Surgical instruments and cutlery.
        "forging",
        "machining",
        "grinding",
        "polishing",
        "plating",
        "sterilisation",
        # Sports goods.
        "moulding",
        "hand_stitching",
        "assembly",
        # Every chain.
        "quality_checking",
        "packing",
        OTHER,
    ),
    earlier_words={
        "sewing": "stitching",
        "cutting and sewing": "stitching",  # the garment makers' step, as the demo wrote it
        "machine stitching": "stitching",
        "hand sewing": "hand_stitching",
        "sterilization": "sterilisation",
        "electroplating": "plating",
        "quality control": "quality_checking",
        "packaging": "packing",
    },
)
