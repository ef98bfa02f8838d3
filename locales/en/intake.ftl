# The intake form: what came in from a festival or a donor, at which warehouse.
intake-title = Intake
intake-heading = Log an intake
intake-source = Source (festival or donor)
intake-source-example = For example: Glastonbury 2026, or the donor’s name.
intake-warehouse = Warehouse
intake-received-on = Received on
intake-what-came-in = What came in
intake-what-came-in-help = Type how many in each condition; leave the rest empty.
intake-more = More categories ({ $n })
intake-note = Note (optional; never names or numbers of people)
intake-save = Save intake
intake-refused = { $n ->
    [one] Nothing was saved: one field needs a look (marked below).
   *[other] Nothing was saved: { $n } fields need a look (marked below).
}
intake-saved = { $n ->
    [one] Logged { $n } item from { $source } at { $warehouse }: { $lines }.
   *[other] Logged { $n } items from { $source } at { $warehouse }: { $lines }.
}
intake-error-date = Received on must be a date like 2026-08-30.
intake-error-date-range = Received on must be between 2000-01-01 and tomorrow.
intake-error-category = There is no category '{ $category }' in the catalogue.
intake-error-empty = Type how many of at least one thing.
intake-error-source-empty = Say where these came from: the festival, the field or the donor.
intake-error-warehouse = There is no warehouse '{ $warehouse }': pick one from the list.
