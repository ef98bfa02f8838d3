# History and corrections (issue 9): the list of changes, a change's page, and the
# forms that correct or undo it.
history-title = History
history-list-intakes = Intakes
history-list-handouts = Hand-outs
history-list-movements = Movements
history-list-runs = Runs
history-list-corrections = Corrections
history-kind-intake = Intake
history-kind-handout = Hand-out
history-kind-transfer = Transfer
history-kind-regrade = Regrade
history-kind-stocktake = Stocktake
history-kind-writeoff = Write-off
history-kind-correction = Correction
history-kind-load = Load
history-kind-delivery = Delivery
history-kind-return = Return
history-kind-box = Box
history-kind-partner-dispatch = Partner-dispatch
history-kind-lost-in-transit = Lost-in-transit
history-undo = Undo
history-see-it = See it
history-filter-show = Show
history-filter-place = Warehouse or site
history-filter-everywhere = Everywhere
history-filter-from = From
history-filter-to = To
history-filter-button = Show
history-nothing-yet = Nothing recorded here yet.
history-from-source = From { $source }:
history-older = Older →
history-entry = { $n } { $item } ({ $condition })
history-entry-in-here = { $n } { $item } ({ $condition }) in
history-entry-out-here = { $n } { $item } ({ $condition }) out
history-row-at = { $kind } at { $place }, { $n ->
    [one] one item
   *[other] { $n } items
}, by { $who }
history-row-between = { $kind } from { $from } to { $to }, { $n ->
    [one] one item
   *[other] { $n } items
}, by { $who }
history-row = { $kind }, { $n ->
    [one] one item
   *[other] { $n } items
}, by { $who }
history-entry-in = { $n } { $item } ({ $condition }) into { $place }
history-entry-out = { $n } { $item } ({ $condition }) out of { $place }
history-and-more = and { $n } more
history-mark-undone = undone by
history-mark-reversed = reversed by
history-mark-corrected = corrected by
history-error-list-forbidden = a { $role } does not see the list of { $list }
history-error-date = the date must be written like { $example }
history-error-no-place = no place '{ $place }'
history-error-no-kind = no kind of change '{ $kind }'
history-error-no-change = no { $kind } #{ $id }
history-error-forbidden = a { $role } does not see this { $kind }
history-detail-title = { $kind } #{ $id }
history-corrected = Correction #{ $correction } saved: { $kind } #{ $id } now stands as shown under “As it stands now”.
history-undone = Undone: { $what } — { $lines } (correction #{ $correction }).
history-undone-nothing = Undone: { $what } (correction #{ $correction }).
history-change-at = { $kind } at { $place }
history-change-between = { $kind } from { $from } to { $to }
history-fact-recorded-by = Recorded by
history-fact-source = Source
history-fact-warehouse = Warehouse
history-fact-received-on = Received on
history-fact-note = Note
history-fact-site = Site
history-fact-handed-out-on = Handed out on
history-fact-from = From
history-fact-at = At
history-fact-to = To
history-fact-reason = Reason
history-fact-box = Box
history-fact-action = Action
history-fact-van = Van
history-fact-departs-on = Departs on
history-fact-status = Status
history-fact-corrects = Corrects
history-fact-moved = { $now } (recorded as { $recorded })
history-run-page = The run's page
history-now-heading = As it stands now
history-now-nothing = Nothing: its corrections took it all back.
history-col-place = Place
history-col-item = Goods
history-col-qty = How many
history-unmet-heading = Asked for but not there
history-entries-heading = What it changed in stock
history-entries-none = This change moved no stock.
history-corrections-heading = Corrections
history-corrections-none = None.
history-correction-link = correction #{ $id }
history-correction-by = “{ $reason }” by { $who }, { $when }
history-reason-undone = undone in one tap
history-undo-offer = { $minutes ->
    [one] Your last change, made less than a minute ago:
   *[other] Your last change, made less than { $minutes } minutes ago:
}
history-reversed-entirely = Its corrections have taken it back entirely: it no longer counts in stock.
history-correct-heading = Correct it
history-correct-explained = A correction is a new change with your reason; this one stays as it was recorded.
history-reason-label = Reason (required)
history-reverse-button = Reverse it entirely
history-lines-intro = Say what it should have been
history-line-label = { $item } ({ $condition })
history-lines-button = Save the corrected lines
history-error-line = { $line }: { $problem }
history-error-condition = unknown condition '{ $condition }'
history-error-no-lines = at least one line must be more than 0: to take it all back, reverse it entirely
history-error-mode = choose to reverse it or to correct its lines
history-error-reason = Say why: a correction needs a reason.
history-error-reason-long = The reason may be at most { $max } characters.
history-error-short = Only { $n } { $item } ({ $condition }) left at { $place }: the rest has gone out since, so the correction cannot take more back.
history-error-nothing-to-correct = These are the quantities it already has: change a line, or reverse it entirely.
history-not-saved = Nothing was saved: { $why }.
history-back = ← History

# Need statements in the history (issue 9): every statement, what replaced it, and
# taking back one raised from a hand-out that was undone.
history-list-all = Everything
history-list-needs = Needs
history-kind-need = Need
history-need-row = Need at { $site }: { $n } × { $item }
history-need-stated = stated by { $by } on { $on }, recorded by { $who }
history-need-in-force = In force
history-need-replaced-by = Replaced by { $n }, stated by { $by } on { $on }
history-need-taken-back = Taken back by { $who }, { $when }
history-need-back-to = Taking it back puts { $site } back to { $n }, stated by { $by } on { $on }.
history-need-back-to-none = Taking it back leaves { $site } with no stated need for { $item }.
history-need-take-back-too = Take this need back too
history-need-take-back = Take this statement back
history-need-take-back-heading = Take it back
history-need-confirm-title = Take back the need for { $n } × { $item } at { $site }?
history-need-confirm-kept = It stays in the history, marked as taken back, and cannot be put in force again: to need it again, state it again.
history-need-raised-stays = The need for { $n } × { $item } at { $site } that was raised from this hand-out's requests still stands.
history-need-raised-into = Its unmet requests went into the need for { $n } × { $item } at { $site }.
history-need-withdrawn = Taken back: the need for { $n } × { $item } at { $site } stays in the history only.
history-need-now = In force now: { $n }, stated by { $by } on { $on }.
history-need-now-none = { $site } has no stated need for { $item } now.
history-need-fact-item = Item
history-need-fact-quantity = Quantity
history-need-fact-stated-by = Stated by
history-need-fact-stated-on = Stated on
history-need-fact-needed-by = Needed by
history-need-fact-recorded-at = Recorded at
history-need-raised-from = Raised from the unmet requests of hand-outs
history-need-statements = Every statement for { $item } at { $site }
history-need-line = { $n }, stated by { $by } on { $on }
history-need-needs-page = The needs page
history-need-error-role = a { $role } does not state needs
history-need-error-withdrawn = this statement was already taken back
history-need-error-replaced = a later statement replaced this one, and only the statement in force can be taken back
history-need-error-stands = only a statement raised from a hand-out since undone, or your own of the last 10 minutes, can be taken back: state the need again instead
# The corrected-lines form made quick, signs and labels that never read alike (issue 9).
history-lines-more = Add a category it did not have ({ $n })
history-reverse-heading = Or reverse it entirely
history-not-saved-list = Nothing was saved. What to put right:
history-undo-of = undo of { $what }
history-correction-of = correction of { $what }
history-mark-then-undone = , undone by
history-by-demo = Demo season
history-entries-show = Show all { $n } entries
