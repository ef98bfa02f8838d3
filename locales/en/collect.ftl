# The collect list: what a crew takes from a festival field, and what it leaves.
collect-title = What to collect
collect-title-short = Collect
collect-for-warehouse = For warehouse
collect-on = On
collect-show = Show
collect-take = Take:
collect-take-nothing = Nothing: every need the sites stated is covered by stock at { $warehouse }.
collect-up-to = up to { $n }
collect-leave = Leave:
collect-rest = The rest: no site has asked for them.
collect-from-priorities = For { $warehouse } on { $date }, from the collective's priorities (version { $version }):
collect-read-them = Read them
collect-error-date = the date must be written like 2026-12-01
collect-no-warehouse = there is no warehouse yet
collect-reason-unneeded = { $name }: no site needs them
collect-reason-needed = { $sites ->
    [one] { $name }: { $n } needed at { $sites } site
   *[other] { $name }: { $n } needed at { $sites } sites
}
collect-reason-covered = { $needed }, all covered by stock
collect-reason-no-stock = none in stock
collect-reason-stock = { $n } in stock
collect-reason-tier = priority tier { $n }
collect-reason-season = { $season } priority ×{ $factor }
