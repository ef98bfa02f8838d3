# Van runs: the list, starting a run, a run's plan and load sheet, the driver's stop page,
# the return, and a day's runs planned together.
runs-title = Van runs
runs-today = Today's runs
runs-today-none = No run leaves today.
runs-today-run = Run #{ $id }: { $van } from { $origin } to { $stops } ({ $status })
runs-all = All runs
runs-all-link = All runs
runs-none = No runs yet.
runs-col-run = Run
runs-col-van = Van
runs-col-from = From
runs-col-departs = Departs
runs-col-status = Status
runs-col-stop = Stop
runs-col-goods = Goods
runs-col-cond = Cond.
runs-col-count = Count
runs-col-planned = Planned
runs-col-delivered = Delivered
runs-col-per-litre = Points per litre
runs-col-per-kg = Points per kg
runs-col-per-stop = Per stop
runs-number = Run #{ $id }
runs-run-title = Run #{ $id }: { $van }
runs-day-mon = Monday
runs-day-tue = Tuesday
runs-day-wed = Wednesday
runs-day-thu = Thursday
runs-day-fri = Friday
runs-day-sat = Saturday
runs-day-sun = Sunday
runs-weekday-date = { $weekday } { $date }
runs-items = { $n ->
    [one] { $n } item
   *[other] { $n } items
}
runs-count = { $n } { $name }
runs-line = { $n } × { $name } ({ $condition })
runs-goods-cond = { $name } ({ $condition })
runs-per-stop = { $site } { $n }
runs-percent = { $p }%
runs-nothing-saved = Nothing was saved: { $reasons }.
runs-unreadable = unreadable field { $field }

# The driver's home: today's run first.
runs-home-driver = Today's run
runs-home-driver-what = load, deliver at each stop, bring back what is left

# Planning a day's vans together, and starting a run.
runs-plan-days = Plan a day's vans together
runs-plan-day-link = { $n ->
    [one] Plan the run for { $day }
   *[other] Plan all { $n } runs for { $day }
}
runs-start = Start a run
runs-no-vans = No vans yet: a coordinator adds vans under
runs-no-vans-link = Admin → Vans
runs-form-van = Van
runs-van-option = { $name } ({ $litres } l, { $kg } kg)
runs-form-origin = From warehouse
runs-form-stop = Stop { $n }
runs-form-departs = Departs on
runs-form-start = Start the run
runs-form-departs-missing = Choose the day the van leaves.
runs-form-departs-range = Choose a day within a year of today.
runs-form-van-unknown = Choose one of the vans in the list.
runs-form-van-booked = { $van } already has run #{ $run } that day: a van makes one run a day. Choose another van or another day.
runs-form-origin-bad = Choose a warehouse to load from.
runs-form-stops-none = Choose at least one stop.
runs-form-stop-bad = Choose a site from the list.
runs-form-stop-twice = This site is already a stop of this run: each site once.
runs-started = Started run #{ $id }: { $van } from { $origin } on { $date }, to { $stops }. Next: plan the load.

# One run.
runs-run-facts = From { $origin } on { $date } · { $status } · { $volume } of { $capacity } l, { $weight } of { $payload } kg
runs-manifest = Manifest (CSV)
runs-plan = Plan the load
runs-plan-again = Plan again
runs-edit = Edit quantities
runs-edit-label = { $name } for { $site }
runs-edit-save = Save quantities
runs-edit-not-count = { $item } for { $site }: { $problem }
runs-print = Print the load sheet
runs-boxes = Boxes to scan
runs-driver = Driver
runs-driver-jump = The driver's next step ↓
runs-load = Loaded: everything on the sheet is in the van
runs-deliver-at = Deliver at { $site }
runs-back-at = Back at { $origin }: unload what is left
runs-driver-next = { $status ->
    [planning] { $planned ->
        [yes] Next: load everything on the sheet into the van, then tap “Loaded”.
       *[no] Nothing to load yet: the warehouse plans the run first.
    }
    [loaded] Next: deliver at each stop, then bring back what is left.
    [delivered] Next: back at the warehouse, unload what is left.
    [done] This run is done.
   *[other] Nothing more to do for this run.
}
runs-cancel-heading = If the run is not going ahead
runs-cancel = Cancel this run
runs-stop-no-need = Nothing to bring to { $site }: no unmet need.
runs-stop-nothing-planned = Nothing planned for { $site }: what it still needs is not free at { $origin }, or better goods took the room.
runs-stop-remove = Remove { $site } from this run
runs-stop-removed = Removed { $site } from run #{ $id }.
runs-planned = Planned { $items } for { $van }: { $words }. The load below is the best for the van.
runs-planned-nothing = Planned: nothing the stops still need is free at the warehouse.
runs-saved = Saved: run #{ $id } now carries { $items }: { $words }.
runs-saved-nothing = Saved: run #{ $id } now carries nothing.
runs-loaded = Loaded { $items } on { $van }: { $words }.

# Why this load.
runs-why = Why this load
runs-why-worth = Worth { $points } priority points (no load could be worth more than { $bound }).
runs-why-fill = Volume { $volume } full, payload { $payload } full.
runs-why-how = Each item earns the points set on the priorities page. The van is filled with what earns the most for the space and weight it takes: the two right-hand numbers are the points one litre or one kilo of van earns with that item.
runs-limit-both = What stops more going in: the van's space and its payload.
runs-limit-volume = What stops more going in: the van's space.
runs-limit-payload = What stops more going in: the van's payload (weight).
runs-limit-search = The search stopped early: more may fit.
runs-limit-no-stock = The van has room to spare: the warehouse has no more stock in { $conditions } condition of what the stops still need.
runs-limit-no-stock-mixed = The van has room to spare: the warehouse has no more stock, in the conditions the priorities accept, of what the stops still need (each line below names them).
runs-limit-room = The van has room to spare: it carries everything the stops still need.
runs-left = Left behind
# After the item's name: how many of it stay behind, in words, then why.
runs-left-line = — { $n } still needed at the stops, not loaded: { $reason }
runs-left-unneeded = — { $n } in stock, not loaded: { $reason }
runs-left-no-stock = no stock in { $conditions } condition at the warehouse
runs-left-short = not enough stock in { $conditions } condition at the warehouse
runs-conditions-either = { $first } or { $last }
runs-left-no-need = no unmet need at the stops
runs-left-no-value = it has no points on the priorities page, so it is never loaded
runs-left-too-big = one unit takes more room than the whole van
runs-left-too-heavy = one unit weighs more than the van's payload
runs-left-full-volume = van full by volume
runs-left-full-payload = van full by payload
runs-left-full = no room left beside more valuable goods
runs-left-search = the search stopped before it could place it

# The load sheet.
runs-sheet = Load sheet
runs-sheet-stop = Stop { $n }: { $site }
runs-sheet-delivered = delivered
runs-stayed = ({ $n } stayed on the van)
runs-came-back = Came back to { $origin }
runs-came-back-nothing = Nothing came back: everything loaded was delivered.
runs-sheet-title = Run #{ $id }: { $van } from { $origin }, { $date }
runs-sheet-page = Load sheet, run #{ $id }
runs-sheet-print = Print this page with your browser's Print (Ctrl+P, or Share → Print on a phone).
runs-back-to-run = Back to the run

# The driver's stop page.
runs-stop-title = Run #{ $id }: deliver at { $site }
runs-stop-already = This stop is already delivered.
runs-stop-not-now = The run is { $status }: nothing to deliver now.
runs-stop-intro = Change a count to what the site really took. What it does not take stays on the van and comes back with the return.
runs-stop-line = { $condition }, planned { $n }
runs-stop-spare = Also on the van: { $n ->
    [one] 1 spare item
   *[other] { $n } spare items
}
runs-stop-spare-intro = Left by earlier stops, and no later stop is planned for them. Type what this site also takes; the rest comes back with the return.
runs-stop-spare-line = { $condition }, { $n } spare
runs-stop-confirm = Delivered at { $site }
runs-stop-not-count = { $item }: { $problem }
runs-stop-empty = { $item }: type a count, 0 if the site took none.
runs-stop-line-more = { $condition }, planned { $n }, { $have } on the van
runs-stop-too-many = { $item }: { $n } is more than the { $have } on the van.
runs-stop-all-zero = Every count is 0: if the site took nothing, leave the stop and return the van.
runs-delivered = Delivered { $items } at { $site }: { $words }
runs-delivered-nothing = Nothing delivered at { $site }
runs-delivered-all = { $done }.
runs-delivered-kept = { $done }; { $words } stay on the van, for a later stop or the return.

# Returning and cancelling.
runs-return-empty = The van is empty.
runs-return-going = Going back to { $origin }:
runs-return-open = Not delivered yet: { $sites }. After the return the run is done and these stops get nothing from it.
runs-return-title = Return run #{ $id }
runs-return-question = Back at { $origin }: unload what is left and close the run? This cannot be undone.
runs-return-yes = Yes, unload at { $origin }
runs-returned-empty = Back at { $origin }: the van was empty. Run #{ $id } is done.
runs-returned = Unloaded { $items } back at { $origin }: { $words }. Run #{ $id } is done.
runs-cancel-title = Cancel run #{ $id }
runs-cancel-question = Cancel run #{ $id } ({ $van } from { $origin }, { $date })? Its planned lines go, and the stock and need they held are free for other plans.
runs-cancel-yes = Yes, cancel the run
runs-cancelled = Cancelled run #{ $id } ({ $van } from { $origin }, { $date }): its stock and need are free for other plans.

# A day's runs planned together.
runs-day-title = Runs for { $day }
runs-day-none = No run in planning leaves that day.
runs-day-run = { $van } from { $origin } to { $stops }
runs-day-plan = { $n ->
    [one] Plan the run
   *[other] Plan all { $n } runs together
}
runs-day-planned = { $n ->
    [one] Planned the run: { $items } — { $words }.
   *[other] Planned { $n } runs together: { $items } — { $words }.
}
runs-fleet-why = Why these loads
runs-fleet-worth = Worth { $points } priority points — planning the vans one after another would give { $sequential }; no plan could be worth more than { $bound }.
runs-fleet-best = This is the best plan.
runs-fleet-gap = The search stopped early: this is the best plan found, within { $gap }% of the most possible.
runs-fleet-van = { $van }, run #{ $id }
runs-fleet-nothing = { $van } carries nothing: its stops need nothing that is free at its warehouse, or the other vans carry it.
runs-fleet-full-volume = Full by volume ({ $volume } of { $litres } l, payload { $payload }): it carries what is worth most per litre, first { $first }.
runs-fleet-full-payload = Full by payload ({ $payload } of { $kg } kg, volume { $volume }): it carries what is worth most per kilo, first { $first }.
runs-fleet-room = Room to spare ({ $volume } of the volume, { $payload } of the payload): it carries all its stops still need of what is free at its warehouse, first { $first }.
runs-fleet-in-van = { $n } in { $van }
runs-fleet-shared = { $name }: { $n } here, { $others }.
runs-fleet-left = — { $n } still needed, not loaded: the vans carry no more (no more stock in { $conditions } condition at the warehouses, or no room left).

# A run's status: as a label, and inside a sentence ("Run #3 is …").
runs-status-planned = Planned, ready to load
runs-status = { $status ->
    [planning] Being planned
    [loaded] Loaded, on the road
    [delivered] Every stop delivered
   *[done] Done
}
runs-state = { $status ->
    [planning] planned, not loaded yet
    [loaded] loaded and on the road
    [delivered] delivered at every stop
   *[done] done
}

# Why a step of a run was refused.
runs-refused-status = Run #{ $id } is { $state }: { $step ->
    [plan] only a run still being planned can be planned.
    [edit] its quantities can change only while it is being planned.
    [load] only a run still being planned can be loaded.
    [deliver] a stop can be delivered only while the van is on the road.
    [return] it can come back only once it has been loaded.
    [returned] it has already come back; nothing changed.
    [cancel] only a run still being planned can be cancelled.
    [remove-stop] its stops can change only while it is being planned.
   *[other] this cannot be done now.
}
runs-refused-nothing-planned = Run #{ $id } has nothing planned yet: plan the load (or type the quantities) before loading.
runs-refused-van-busy = { $van } is still out on run #{ $other }: bring it back (return that run) first.
runs-refused-delivered = { $site } was already delivered on run #{ $id }: nothing changed.
runs-refused-last-stop = { $site } is the only stop of run #{ $id }: cancel the run instead.
runs-short = Only { $have } { $item } ({ $condition }) free at { $origin }: { $n } wanted.
runs-out-of-date = The plan is out of date: { $origin } no longer holds all it counts on.
runs-replan-planner = Plan the run again to load what is there now.
runs-replan-driver = The warehouse must plan this run again before it can be loaded.

# The hand-edit form's problems, each beside its line.
runs-edit-refused = { $n ->
    [one] Nothing was saved: one problem, marked below.
   *[other] Nothing was saved: { $n } problems, each marked below.
}
runs-edit-too-many = Too many lines for one run: plan fewer kinds of goods.
runs-edit-unknown-item = This item is not in the catalogue any more: reload the page.
runs-edit-not-a-stop = This site is no longer a stop of run #{ $id }: reload the page.
runs-edit-not-eligible = { $item } in condition { $condition } may not go out: the collective sends { $minimum } or better.
runs-edit-twice = This line is listed twice: reload the page.
runs-edit-over-volume = { $van } holds { $capacity } l; these lines need { $need } l, { $over } l too much. Lower some counts.
runs-edit-over-payload = { $van } carries { $payload } kg; these lines weigh { $need } kg, { $over } kg too much. Lower some counts.
runs-edit-short = Only { $have } { $item } ({ $condition }) free at { $origin } after other runs' plans; these lines ask for { $n }.

# A stop a returned run never delivered.
runs-sheet-not-delivered = Not delivered
runs-sheet-not-delivered-why = The van came back without stopping here: what was planned went back to { $origin }.

# Boxes under a line of the load sheet.
runs-box-in = in boxes:
runs-box-holds = ({ $n })
runs-box-open = Open box { $code } and take out { $n } × { $item } ({ $condition }): not enough loose stock.

# The box load sheet of a run, and loading a box from its page.
runs-boxsheet-ticked = Box { $code } ticked: { $scanned } of { $planned } boxes scanned.
runs-boxsheet-short-done = Shortfall confirmed: the missing boxes are out of the plan.
runs-boxsheet-title = Run #{ $id }: boxes
runs-boxsheet-page = Run #{ $id } boxes
runs-boxsheet-count = { $scanned } of { $planned } planned boxes scanned.
runs-boxsheet-none = No boxes for this stop: loose stock only.
runs-boxsheet-col-box = Box
runs-boxsheet-col-what = What
runs-boxsheet-col-qty = Qty
runs-boxsheet-missing = { $n ->
    [one] One box is not scanned. If it cannot be found, confirm the shortfall: it leaves the plan and the van can be loaded without it.
   *[other] { $n } boxes are not scanned. If they cannot be found, confirm the shortfall: they leave the plan and the van can be loaded without them.
}
runs-boxsheet-confirm-short = Confirm the shortfall
runs-boxsheet-type-code = Type a code
runs-boxsheet-run-to = Run #{ $id } → { $site }
runs-boxsheet-ticked-already = Ticked on the load sheet.
runs-boxsheet-load = Load onto the van
runs-boxsheet-link = The run's box load sheet
runs-boxsheet-sure = Are you sure?
runs-boxsheet-question = Load box { $code } ({ $n } × { $item }) onto the van for run #{ $id }?
runs-boxsheet-yes = Yes, it is in the van
