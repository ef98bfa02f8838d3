# Words several pages share: conditions, catalogue groups, what is wrong with typed text.
text-control = { $field } must not contain control characters (NUL, tab, line breaks).
text-phone = { $field } must not contain phone numbers: Haul keeps no record of the people it serves.
text-email = { $field } must not contain e-mail addresses: Haul keeps no record of the people it serves.
text-too-long = { $field } must be at most { $max } characters.
field-note = Note
field-source = Source
# A kind of place, as lists and headings name it (LocationKind::label).
location-kind-warehouse = Warehouse
location-kind-site = Site
location-kind-van = Van
location-kind-partner = Partner collective
