# The public report (/report) and the coordinator's report (/reports).
reports-public-title = Report
reports-public-heading = What we saved and shared
reports-public-intro = Tents, sleeping bags, blankets and more, salvaged from festival fields or donated, sorted by volunteers and handed out at camps and squats. Nothing here is sold. Sites are never named, and nobody who received anything is recorded.
reports-title = Reports
reports-bad-date = '{ $raw }' is not a date like 2026-08-30, so { $field } is not limited.
reports-the-start = the start
reports-the-end = the end
reports-items-salvaged = { $n ->
    [one] item salvaged
   *[other] items salvaged
}
reports-diverted = diverted from landfill
reports-items-handed-out = { $n ->
    [one] item handed out
   *[other] items handed out
}
reports-asked-not-available = asked for but not available
reports-written-off = written off
reports-from = From
reports-to = To
reports-where = Where
reports-all-sites-together = All sites together
reports-show = Show
reports-chart-sources = Salvaged by festival or donor (items)
reports-chart-handed-out = Handed out by month (items)
reports-chart-kg = Kilograms saved from landfill by month
reports-chart-empty = Nothing in this period.
reports-col-month = Month
reports-col-salvaged = Salvaged
reports-col-kg = kg
reports-col-out = Out
reports-col-not-there = Not there
reports-col-held-at = Held at
reports-col-items = Items
reports-col-goods = Goods
reports-col-region = Region
reports-col-handed-out = Handed out
reports-col-site = Site
reports-col-asked-for = Asked for
reports-col-wanted = Wanted
reports-col-delivered = Delivered
reports-col-transit = In transit
reports-col-unmet = Unmet
reports-col-covered = Covered
reports-col-source = Source
reports-col-reason = Reason
reports-kind = { $kind ->
    [warehouse] warehouses
    [site] sites
    [van] vans
   *[other] { $kind }
}
reports-percent = { $n }%
reports-region-hidden = That region is not shown on its own; here are all sites together.
reports-other-regions = Other regions
reports-scope-other-regions = Hand-outs in the other regions together; salvage and stock for the whole collective.
reports-scope-region = Hand-outs in { $region }; salvage and stock for the whole collective.
reports-scope-all = All sites together.
reports-scope-period = From { $from } to { $to }.
reports-by-month = By month
reports-by-kind = Handed out by kind of goods
reports-by-region = By region
reports-region-rule = A region is shown on its own only when it has at least two sites.
reports-stated-needs = Sites' stated needs
reports-coverage = The sites ask for { $wanted } items now; { $delivered } have reached them since they asked ({ $percent } covered), { $unmet } are still needed.
reports-held-now = Held now
reports-public-view = The public view
# Before the CSV files' links.
reports-json = JSON summary
reports-csv-lead = CSV files:
reports-csv-stock = stock
reports-csv-ledger = ledger
reports-csv-handouts = hand-outs
reports-csv-needs = needs
reports-by-site = Handed out by site
reports-by-site-and-kind = Handed out by site and kind of goods
reports-unmet = Asked for but not available
reports-coverage-by-site = Need coverage by site
reports-coverage-intro = The needs in force now, whatever the period: what each site wanted, what reached it since it said so, what is on the road and what is still unmet.
reports-no-needs = No site has stated a need yet.
reports-all-sites = All sites
reports-by-source = Salvaged by festival or donor
reports-by-reason = Written off by reason
