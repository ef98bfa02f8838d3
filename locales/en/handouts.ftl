# The hand-out page: a site's stock, the steppers, what was asked for, the day's summary.
handouts-title = Hand-out
handouts-no-sites = There are no sites yet: a coordinator adds them.
handouts-site = Site
handouts-show = Show
handouts-in-stock-at = In stock at { $site }
handouts-update = Update
handouts-day = Day
handouts-handed-out = Handed out
handouts-nothing-to-give = Nothing here can go out now. Record what people asked for below.
handouts-have = { $n } in stock
handouts-unmet-summary = Asked for but not available
handouts-unmet-count = ({ $n })
handouts-unmet-intro = Count what people asked for that the site did not have: it is the evidence for the site's next need statement.
handouts-note = Note (optional; never names or numbers of people)
handouts-update-total = Update total
handouts-total-items = { $n ->
    [one] item
   *[other] items
}
handouts-total-asked = asked for
handouts-total-as-of = as of the last update
handouts-save = Save hand-out
handouts-one-fewer = One fewer { $category }
handouts-one-more = One more { $category }
handouts-asked-label = { $category } (asked for)
handouts-day-heading = { $site } on { $day }
handouts-day-nothing = Nothing recorded yet for this day.
handouts-day-counts = { $handouts ->
    [one] { $handouts } hand-out recorded
   *[other] { $handouts } hand-outs recorded
}: { $items ->
    [one] { $items } item went out.
   *[other] { $items } items went out.
}
handouts-col-category = Category
handouts-col-given = Handed out
handouts-col-asked = Asked for, not there
handouts-no-such-site = There is no site '{ $site }'; pick one from the list.
handouts-saved-short = Hand-out #{ $id } saved at { $site }.
handouts-saved = { $n ->
    [one] Handed out { $n } item at { $site }
   *[other] Handed out { $n } items at { $site }
}
handouts-saved-given = { $said }: { $lines }.
handouts-saved-none = { $said }.
handouts-saved-asked = Asked for but not there: { $lines }.
handouts-error-in = { $field }: { $problem }
handouts-error-only = Only { $n } here to hand out.
handouts-error-short = Not enough at the site for this hand-out (marked below). Record what is missing as asked for instead.
handouts-error-empty = Count at least one item handed out, or one asked for but not available.
handouts-error-pick-site = Pick a site first.
handouts-error-date = The date must look like 2026-08-30.
handouts-error-date-range = The day must be between 2000-01-01 and tomorrow.
handouts-again-title = Same as the hand-out saved at { $time } — save again?
handouts-again-text = You saved a hand-out with exactly these counts at { $site } less than { $minutes } minutes ago. Save it again only if this is a second, separate hand-out.
handouts-again-save = Save again
handouts-sites = Sites
handouts-total-to-fix = { $n ->
    [one] 1 box to fix
   *[other] { $n } boxes to fix
}
