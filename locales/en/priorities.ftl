# The priorities page: the collective's statement and the rules read from it.
priorities-title = Priorities
priorities-heading = The collective's priorities
priorities-no-version = There is no version { $n }.
priorities-see-current = See the current one
priorities-saved = Saved the collective's priorities as version { $n }: the collect list and van plans use them from now on.
priorities-unchanged = Nothing changed: version { $n } stays in force.
priorities-none = The collective has not stated its priorities yet.
priorities-old-version = This is version { $n }, no longer in force.
priorities-said = What the collective said
priorities-stated-recorded = Stated on { $on }. Version { $n }, recorded by { $by } on { $at } { $time }.
priorities-rules = The rules read from it
priorities-earlier = Earlier versions
priorities-version = Version { $n }
priorities-month-day = { $day } { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
priorities-why-tier = priority tier { $n }
priorities-why-season = { $season } priority ×{ $factor }
priorities-weight = Weight { $n }:
priorities-unlisted = Everything else weighs { $n }: still needed, just not a priority.
priorities-seasons = Seasons
priorities-season-rule = ({ $from } – { $to }): { $categories } count ×{ $factor }
priorities-condition-heading = Condition to hand out
priorities-condition-or-better = { $category }: { $condition } or better
priorities-condition-else = Everything else: usable or better.
priorities-worth-today = Worth today ({ $date })
priorities-col-category = Category
priorities-col-value = Value
priorities-col-why = Why
priorities-state-new = State new priorities
priorities-state-intro = Write the collective's words as they were agreed, then set the rules that read them. The current version stays in the history.
priorities-statement = The statement, verbatim
priorities-stated-on = Stated on
priorities-tier-weights = Tier weights
priorities-tier = Tier { $n }
priorities-each-category = Each category: tier and condition to hand out
priorities-tier-of = Tier of { $category }
priorities-no-tier = no tier
priorities-tier-option = tier { $n }
priorities-condition-of = Condition to hand out { $category }
priorities-or-better = { $condition } or better
priorities-seasons-intro = A yearly window (month-day, e.g. 11-01 to 03-31 crosses the new year) that multiplies the value of some categories. Leave the last one empty to add none.
priorities-season = Season { $n }
priorities-season-name = Name
priorities-season-name-example = winter
priorities-season-from = From (MM-DD)
priorities-season-to = To (MM-DD)
priorities-season-factor = Factor
priorities-save-as = Save as version { $n }
priorities-err-stated-on = Stated on must be a date like 2026-09-01.
priorities-err-weight = Tier { $n } weight: { $problem }
priorities-err-factor = Season { $n }: factor “{ $raw }” is not a number.
priorities-not-saved = Nothing was saved: { $reasons }
priorities-rule-statement = The collective's statement is required, in its own words.
priorities-rule-two-tiers = { $category } is already in tier { $first }: a category belongs to one tier.
priorities-rule-season-name = Season { $n }: give it a name, to explain the priority it gives.
priorities-rule-month-day = Season { $n }: “{ $raw }” is not a day of the year written MM-DD, like 11-01.
priorities-rule-factor = Season { $n }: the factor must be a number above 0.
priorities-rule-season-twice = Season { $n }: { $category } is named twice.
priorities-rule-min-condition = { $category }: the worst condition to hand out must be Good or Usable, not { $condition }.
priorities-rule-unknown-category = There is no category “{ $category }” in the catalogue.
