"""The languages of the public pages: gettext catalogs, the choice of language, and dates and
numbers written the way each language writes them."""
