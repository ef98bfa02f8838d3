# The needs page: per site, what it stated and what is still unmet; hand-out evidence.
needs-title = Needs
needs-intro = What each site said it needs, and how much of it is still unmet: stated, less what reached the site since it was stated, less what is on the road to it.
needs-state-link-site = State a need for { $site }
needs-no-sites = There are no sites yet.
needs-saved-replacing = Saved: { $site } needs { $wanted } × { $category } (was { $was }, stated by { $was_by } on { $was_on }: kept in the history).
needs-saved = Saved: { $site } needs { $wanted } × { $category }.
needs-saved-older = Saved in the history: { $site } already has a newer statement for { $category }.
needs-items-unmet = { $n ->
    [one] { $n } item unmet
   *[other] { $n } items unmet
}
needs-none-stated = No needs stated yet.
needs-table-label = Needs of { $site }
needs-col-category = Category
needs-col-stated = Stated
needs-col-delivered = Delivered
needs-col-delivered-short = Deliv.
needs-col-transit = In transit
needs-col-unmet = Unmet
needs-stated-by-on = { $by }, { $on }
needs-needed-by = ; needed by { $date }
needs-earlier = Earlier statements ({ $n })
needs-earlier-line = { $category }: { $wanted } — { $by }, { $on }
needs-period-week = this week (since { $since })
needs-period-days = in the last { $days } days (since { $since })
needs-evidence-heading = Asked for at hand-outs, { $period }
needs-evidence-asked = asked for
needs-evidence-none-available = { $period }, none available
needs-evidence-at = { $n ->
    [one] — at { $n } hand-out, { $first }
   *[other] — at { $n } hand-outs, { $first }
}
needs-evidence-to = to { $last }
needs-stated-by-label = Stated by
needs-evidence-by = { $handle }, from hand-out evidence
needs-evidence-state = State a need for { $n } { $category } at { $site }
needs-evidence-stated-now = Stated now: { $wanted } ({ $by }, { $on })
needs-evidence-kept = That statement stays in the history; a choice below makes a new one.
needs-evidence-add = Add { $n } { $category } to { $site }'s need: { $from } → { $to }
needs-evidence-raise = Raise { $site }'s need for { $category } to { $n }: { $from } → { $to }
needs-evidence-no-raise = (The stated { $wanted } is already more than { $n }: only adding to it raises it.)
needs-chart-title = Needs of { $site }: delivered, in transit and unmet
needs-chart-bar = { $category }: { $unmet } of { $wanted } unmet
needs-key-delivered = delivered
needs-key-transit = in transit
needs-key-unmet = unmet
needs-form-heading-site = State a need for { $site }
needs-form-intro = As the site said it. A newer statement for the same site and category replaces the older one, which stays in the history.
needs-form-category = Category
needs-form-quantity = How many
needs-form-stated-by = Stated by (the site assembly, the collective or you — never anyone you serve)
needs-form-stated-by-example = Oak site assembly
needs-form-stated-on = Stated on
needs-form-needed-by = Needed by (optional)
needs-form-save = Save need
needs-field-needed-by = Needed by
needs-error-date = { $field } must be a date like 2026-11-20.
needs-error-quantity = How many: { $problem }
needs-error-choice = unknown choice '{ $choice }': add or raise
needs-error-damaged = the form is damaged: reload the page
# Beside a need in force: the statement it replaced, and the way to every statement.
needs-was = was { $wanted }, stated by { $by } on { $on }
needs-earlier-link = Earlier statements of this need
needs-taken-back = taken back
# The short blocks of /needs: one per site, its largest unmet needs, and the way in.
needs-top-more = { $n ->
    [one] and one more need
   *[other] and { $n } more needs
}
needs-summary-asked = Asked for at hand-outs { $period }:
needs-open-site = All of { $site }'s needs
needs-open-site-state = All of { $site }'s needs; state one
needs-all-sites = ← Every site
needs-no-such-site = There is no site '{ $site }': every site is listed below.
