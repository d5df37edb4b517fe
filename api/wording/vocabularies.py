"""The names of the record's vocabularies (domain/vocabulary.py): sectors by ISIC Rev. 4 and
production stages. A test keeps them in step with the domain's codes."""

from api.i18n.language import Language
from api.wording import N_
from api.wording.terms import term
from domain.vocabulary import OTHER

# ISIC Rev. 4's titles, shortened where Nishan's users know a class by what it makes.
SECTOR = {
    "0116": N_("Growing of fibre crops"),
    "0163": N_("Post-harvest crop activities (cotton ginning)"),
    "0510": N_("Mining of hard coal"),
    "0810": N_("Quarrying of stone, sand and clay"),
    "1020": N_("Processing and preserving of fish"),
    "1061": N_("Manufacture of grain mill products (rice milling)"),
    "13": N_("Manufacture of textiles"),
    "1311": N_("Preparation and spinning of textile fibres"),
    "1312": N_("Weaving of textiles"),
    "1313": N_("Finishing of textiles"),
    "1391": N_("Manufacture of knitted and crocheted fabrics"),
    "1392": N_("Manufacture of made-up textile articles, except apparel"),
    "1393": N_("Manufacture of carpets and rugs"),
    "1399": N_("Manufacture of other textiles"),
    "14": N_("Manufacture of wearing apparel"),
    "1410": N_("Manufacture of wearing apparel, except fur apparel"),
    "1430": N_("Manufacture of knitted and crocheted apparel"),
    "15": N_("Manufacture of leather and related products"),
    "1511": N_("Tanning and dressing of leather"),
    "1512": N_("Manufacture of luggage, handbags, saddlery and harness"),
    "1520": N_("Manufacture of footwear"),
    "2392": N_("Manufacture of clay building materials (bricks)"),
    "2593": N_("Manufacture of cutlery, hand tools and general hardware"),
    "3100": N_("Manufacture of furniture"),
    "3230": N_("Manufacture of sports goods"),
    "3250": N_("Manufacture of medical and dental instruments (surgical instruments)"),
    OTHER: N_("Other"),
}

STAGE = {
    "ginning": N_("ginning"),
    "spinning": N_("spinning"),
    "weaving": N_("weaving"),
    "knitting": N_("knitting"),
    "dyeing": N_("dyeing"),
    "printing": N_("printing"),
    "finishing": N_("finishing"),
    "cutting": N_("cutting"),
    "stitching": N_("stitching"),
    "embroidery": N_("embroidery"),
    "washing": N_("garment washing"),
    "carpet_weaving": N_("carpet weaving"),
    "tanning": N_("tanning"),
    "leather_finishing": N_("leather finishing"),
    "forging": N_("forging"),
    "machining": N_("machining"),
    "grinding": N_("grinding"),
    "polishing": N_("polishing"),
    "plating": N_("plating"),
    "sterilisation": N_("sterilisation"),
    "moulding": N_("moulding"),
    "hand_stitching": N_("hand stitching"),
    "assembly": N_("assembly"),
    "quality_checking": N_("quality checking"),
    "packing": N_("packing"),
    OTHER: N_("other"),
}


def coded(names: dict[str, str], code: str, note: str, lang: Language) -> str:
    """A code's name in the language; "other" as the person who chose it wrote it."""
    return note if code == OTHER and note else term(names, code, lang)
