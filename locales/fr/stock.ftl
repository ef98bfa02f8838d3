# La page du stock, et les noms des états partout où le stock s’affiche.
stock-title = Stock
stock-location = Lieu
stock-all-locations = Tous les lieux
stock-warehouses = Entrepôts
stock-sites = Sites
stock-vans = Camionnettes
stock-category = Catégorie
stock-all-categories = Toutes les catégories
stock-condition = État
stock-any-condition = Tous les états
stock-show = Afficher
stock-offer-partner = Proposer à un collectif partenaire
stock-none = Aucun stock ne correspond.
stock-kind-items = { $kind ->
    [warehouse] entrepôt
    [site] site
    [van] camionnette
    [partner] (partenaire)
   *[other] { $kind }
} · { $n ->
    [one] { $n } article
   *[other] { $n } articles
}
stock-col-category = Catégorie
stock-col-condition = État
stock-col-qty = Qté
