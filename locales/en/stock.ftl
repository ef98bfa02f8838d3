# The stock page, and the names of conditions wherever stock is shown.
stock-title = Stock
stock-location = Location
stock-all-locations = All locations
stock-warehouses = Warehouses
stock-sites = Sites
stock-vans = Vans
stock-category = Category
stock-all-categories = All categories
stock-condition = Condition
stock-any-condition = Any condition
stock-show = Show
stock-offer-partner = Offer to a partner collective
stock-none = No stock matches.
stock-kind-items = { $kind ->
    [warehouse] warehouse
    [site] site
    [van] van
    [partner] (partner)
   *[other] { $kind }
} · { $n ->
    [one] { $n } item
   *[other] { $n } items
}
stock-col-category = Category
stock-col-condition = Condition
stock-col-qty = Qty
