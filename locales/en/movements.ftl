# The warehouse pages: triage, transfer, stocktake and write-off.
movements-tabs = Warehouse
movements-tab-triage = Triage
movements-tab-transfer = Transfer
movements-tab-stocktake = Stocktake
movements-tab-writeoff = Write off
movements-places = Places
movements-place-not-listed = That place is not in the list: choose one above.
movements-replayed = (This form had already been sent: it counted once.)
movements-nothing-saved = { $n ->
    [one] Nothing was saved: one thing to put right, shown below.
   *[other] Nothing was saved: { $n } things to put right, shown below.
}
movements-how-many = How many
movements-how-many-of = How many { $category } ({ $condition })
movements-line = { $n } { $category } ({ $condition })
movements-group = { $group ->
    [shelter] Shelter
    [sleeping] Sleeping
    [cooking] Cooking
    [clothing] Clothing
    [food] Food
    [bikes] Bikes
   *[other] Other
}

## Triage
movements-triage-title = Triage
movements-triage-at = Triage at { $place }
movements-triage-empty = Nothing waits to be dried, cleaned or repaired here.
movements-waiting = { $n } waiting
movements-to-good = { $from ->
    [needs-drying] dried → good
    [needs-cleaning] cleaned → good
    [needs-repair] repaired → good
   *[other] → good
}
movements-to-usable = Mark usable
movements-to-unusable = Mark unusable
movements-regraded = { $from ->
    [needs-drying] Dried
    [needs-cleaning] Cleaned
    [needs-repair] Repaired
   *[other] Regraded
} { $n } { $category }: { $was } → { $now } at { $place }.

## Transfer
movements-transfer-title = Transfer
movements-transfer-from = Transfer from { $place }
movements-transfer-which = From which warehouse? Tap one to show its stock.
movements-to = To
movements-choose = Choose…
movements-warehouses = Warehouses
movements-sites-outside-run = Sites (outside a run)
movements-what-to-move = What to move from { $place }
movements-in-stock = { $n } in stock
movements-nothing-in-stock = Nothing in stock here.
movements-note = Note (optional)
movements-transfer-button = Transfer from { $place }
movements-no-warehouse = No warehouse yet: a coordinator adds one under Admin.
movements-moved = Moved { $n ->
    [one] { $n } item
   *[other] { $n } items
} from { $from } to { $to }: { $lines }.

## Write-off
movements-writeoff-title = Write off
movements-writeoff-at = Write off at { $place }
movements-writeoff-intro = Goods that cannot be used or handed out leave the stock for good.
movements-reason = Reason (required)
movements-writeoff-button = Write off…
movements-writeoff-confirm-title = Write off { $n ->
    [one] { $n } item?
   *[other] { $n } items?
}
movements-writeoff-restated = At { $place }: { $lines }.
movements-reason-said = Reason:
movements-writeoff-for-good = They leave the stock for good.
movements-writeoff-confirm = Write off
movements-wrote-off = Wrote off { $n ->
    [one] { $n } item
   *[other] { $n } items
} at { $place }: { $lines }.

## Stocktake
movements-stocktake-title = Stocktake
movements-stocktake-at = Stocktake at { $place }
movements-stocktake-intro = Count what is really there. The differences are shown before anything is saved.
movements-in-the-books = { $n } in the books
movements-found = Found, not in the books
movements-category = Category
movements-category-choose = Category…
movements-count = Count
movements-condition = Condition
movements-reason-monthly = For example: monthly count
movements-stocktake-check = Check the differences
movements-stocktake-matches = Everything counted matches the books: the stocktake is saved with no changes.
movements-stocktake-will-set = These lines will be set to what you counted:
movements-col-what = What
movements-col-books = Books
movements-col-count = Count
movements-stocktake-confirm-title = Save the stocktake at { $place }?
movements-stocktake-confirm = Save the stocktake
movements-stocktake-change = { $category } { $condition } { $change }
movements-stocktake-saved = Stocktake at { $place } saved: { $changes }.
movements-stocktake-saved-same = Stocktake at { $place } saved: no differences.

## What a refused form says beside its fields
movements-err-form-key = This form is missing its key: reload the page and send it again.
movements-err-key-used = This form was already sent with other numbers: reload the page and fill it in again.
movements-err-short = { $n ->
    [0] There is no { $category } ({ $condition }) left at { $place }.
   *[other] Only { $n } { $category } ({ $condition }) at { $place }: type { $n } or fewer.
}
movements-err-short-loose = { $n ->
    [0] All the { $category } ({ $condition }) at { $place } are packed in boxes: take them out of their box first.
   *[other] Only { $n } { $category } ({ $condition }) at { $place } are outside boxes: type { $n } or fewer, or take more out of their box first.
}
movements-err-row-gone = That line no longer waits here: the list below is as it is now.
movements-err-line-gone = A line of this form is no longer in the list: it is shown again as it is now.
movements-err-no-lines = Type how many on at least one line.
movements-err-condition = Choose a condition from the list.
movements-err-same-condition = They already are { $condition }: choose another condition.
movements-err-choose-to = Choose where the goods go.
movements-err-to-unknown = That place is not in the list: choose one.
movements-err-same-place = The goods are already at { $place }: choose another place.
movements-err-writeoff-reason = Say why these are written off.
movements-err-stocktake-reason = Say why you counted (for example, monthly count).
movements-err-counted-twice = { $category } ({ $condition }) is counted twice: count it on one line.
movements-err-found-what = Choose what you found, or clear its count.
movements-err-count-none = Count at least one line.
movements-err-text-control = Use letters, numbers and punctuation only: no tabs or line breaks.
movements-err-text-phone = Leave out phone numbers: Haul keeps no record of the people it serves.
movements-err-text-email = Leave out e-mail addresses: Haul keeps no record of the people it serves.
movements-err-text-long = Keep it to { $max } characters or fewer.

## A long sheet narrowed (transfer, stocktake, write-off)
movements-filter-find = Find
movements-filter-button = Show
movements-filter-groups = Show one group
movements-filter-all = All
movements-filter-shown-both = { $group } matching “{ $find }”: showing { $shown } of { $total } lines.
movements-filter-shown-group = { $group }: showing { $shown } of { $total } lines.
movements-filter-shown-find = Matching “{ $find }”: showing { $shown } of { $total } lines.
movements-filter-kept = Counts typed in the other lines are kept.
movements-filter-show-all = Show all
movements-filter-find-dropped = Nothing in { $group } matches “{ $find }”, so the search was cleared.
