"""Place names in the reader's language and script: Pakistan's provinces and its districts where
factories are, and the ports shipments sail between, by UN/LOCODE. A district an officer typed
that is not here yet is shown as typed; a port not here, by its code alone."""

from api.i18n.language import Language
from api.wording import N_

# domain/places.py's provinces and territories; a test keeps the two in step.
PROVINCES = (
    N_("Punjab"),
    N_("Sindh"),
    N_("Khyber Pakhtunkhwa"),
    N_("Balochistan"),
    N_("Islamabad Capital Territory"),
    N_("Gilgit-Baltistan"),
    N_("Azad Jammu and Kashmir"),
)

# The districts of the export industries and their neighbours, as the 2023 census names them.
DISTRICTS = (
    N_("Abbottabad"),
    N_("Attock"),
    N_("Badin"),
    N_("Bahawalnagar"),
    N_("Bahawalpur"),
    N_("Bhakkar"),
    N_("Chakwal"),
    N_("Charsadda"),
    N_("Chiniot"),
    N_("Dera Ghazi Khan"),
    N_("Faisalabad"),
    N_("Gilgit"),
    N_("Gujranwala"),
    N_("Gujrat"),
    N_("Gwadar"),
    N_("Hafizabad"),
    N_("Haripur"),
    N_("Hub"),
    N_("Hyderabad"),
    N_("Islamabad"),
    N_("Jamshoro"),
    N_("Jhang"),
    N_("Jhelum"),
    N_("Karachi"),
    N_("Karachi Central"),
    N_("Karachi East"),
    N_("Karachi South"),
    N_("Karachi West"),
    N_("Kasur"),
    N_("Keamari"),
    N_("Khanewal"),
    N_("Khushab"),
    N_("Kohat"),
    N_("Korangi"),
    N_("Lahore"),
    N_("Larkana"),
    N_("Lasbela"),
    N_("Layyah"),
    N_("Lodhran"),
    N_("Malir"),
    N_("Mandi Bahauddin"),
    N_("Mardan"),
    N_("Mianwali"),
    N_("Mirpur"),
    N_("Mirpur Khas"),
    N_("Multan"),
    N_("Muzaffarabad"),
    N_("Muzaffargarh"),
    N_("Narowal"),
    N_("Nowshera"),
    N_("Okara"),
    N_("Pakpattan"),
    N_("Peshawar"),
    N_("Quetta"),
    N_("Rahim Yar Khan"),
    N_("Rajanpur"),
    N_("Rawalpindi"),
    N_("Sahiwal"),
    N_("Sargodha"),
    N_("Shaheed Benazirabad"),
    N_("Sheikhupura"),
    N_("Sialkot"),
    N_("Sukkur"),
    N_("Swabi"),
    N_("Swat"),
    N_("Tharparkar"),
    N_("Thatta"),
    N_("Toba Tek Singh"),
    N_("Vehari"),
    N_("Wazirabad"),
)

# Pakistan's sea, dry and air ports, the European ports its exports reach, and the hubs between.
PORT = {
    "PKKHI": N_("Karachi"),
    "PKBQM": N_("Port Qasim"),
    "PKGWD": N_("Gwadar"),
    "PKLHE": N_("Lahore"),
    "PKSKT": N_("Sialkot"),
    "PKLYP": N_("Faisalabad"),
    "PKISB": N_("Islamabad"),
    "PKMUX": N_("Multan"),
    "PKPEW": N_("Peshawar"),
    "AEJEA": N_("Jebel Ali"),
    "OMSLL": N_("Salalah"),
    "LKCMB": N_("Colombo"),
    "SGSIN": N_("Singapore"),
    "DEHAM": N_("Hamburg"),
    "DEBRV": N_("Bremerhaven"),
    "DEBRE": N_("Bremen"),
    "DEFRA": N_("Frankfurt"),
    "DEMUC": N_("Munich"),
    "NLRTM": N_("Rotterdam"),
    "NLAMS": N_("Amsterdam"),
    "BEANR": N_("Antwerp"),
    "BEZEE": N_("Zeebrugge"),
    "FRLEH": N_("Le Havre"),
    "FRMRS": N_("Marseille"),
    "FRPAR": N_("Paris"),
    "GBFXT": N_("Felixstowe"),
    "GBSOU": N_("Southampton"),
    "GBLGP": N_("London Gateway"),
    "ITGOA": N_("Genoa"),
    "ITSPE": N_("La Spezia"),
    "ITTRS": N_("Trieste"),
    "ITVCE": N_("Venice"),
    "ESVLC": N_("Valencia"),
    "ESBCN": N_("Barcelona"),
    "ESALG": N_("Algeciras"),
    "PTSIN": N_("Sines"),
    "PLGDN": N_("Gdańsk"),
    "GRPIR": N_("Piraeus"),
    "SIKOP": N_("Koper"),
    "SEGOT": N_("Gothenburg"),
    "DKAAR": N_("Aarhus"),
    "IEDUB": N_("Dublin"),
}


def province(name: str, lang: Language) -> str:
    return _named(_PROVINCES, name, lang)


def district(name: str, lang: Language) -> str:
    return _named(_DISTRICTS, name, lang)


def factory_in(name: str, district_name: str, lang: Language) -> str:
    """A factory and its district, "Chenab Sports Industries (Sialkot)", the district named in
    the language."""
    return f"{name} ({district(district_name, lang)})"


def port(code: str, lang: Language) -> str:
    """A port by name and code, "Karachi (PKKHI)"; a code Nishan has no name for, alone."""
    return f"{lang.gettext(PORT[code])} ({code})" if code in PORT else code


def _folded(names: tuple[str, ...]) -> dict[str, str]:
    return {name.casefold(): name for name in names}


_PROVINCES, _DISTRICTS = _folded(PROVINCES), _folded(DISTRICTS)


def _named(known: dict[str, str], name: str, lang: Language) -> str:
    """A place in the language, matched however its case and spaces were typed; one not
    here yet, as typed."""
    found = known.get(" ".join(name.split()).casefold())
    return lang.gettext(found) if found else name
