# Le rapport public (/report) et le rapport de la coordination (/reports).
reports-public-title = Rapport
reports-public-heading = Ce que nous avons sauvé et partagé
reports-public-intro = Tentes, sacs de couchage, couvertures et plus encore, récupérés sur les champs de festivals ou donnés, triés par des bénévoles et distribués dans les campements et les squats. Rien ici n’est vendu. Les sites ne sont jamais nommés, et personne ayant reçu quoi que ce soit n’est enregistré.
reports-title = Rapports
reports-bad-date = « { $raw } » n’est pas une date comme 2026-08-30 : { $field } n’est donc pas limité.
reports-the-start = le début
reports-the-end = la fin
reports-items-salvaged = { $n ->
    [one] article récupéré
   *[other] articles récupérés
}
reports-diverted = évités à la décharge
reports-items-handed-out = { $n ->
    [one] article distribué
   *[other] articles distribués
}
reports-asked-not-available = demandés mais indisponibles
reports-written-off = mis au rebut
reports-from = Du
reports-to = Au
reports-where = Où
reports-all-sites-together = Tous les sites ensemble
reports-show = Afficher
reports-chart-sources = Récupéré par festival ou donateur (articles)
reports-chart-handed-out = Distribué par mois (articles)
reports-chart-kg = Kilogrammes évités à la décharge par mois
reports-chart-empty = Rien sur cette période.
reports-col-month = Mois
reports-col-salvaged = Récupéré
reports-col-kg = kg
reports-col-out = Sorti
reports-col-not-there = Manquant
reports-col-held-at = Gardé en
reports-col-items = Articles
reports-col-goods = Biens
reports-col-region = Région
reports-col-handed-out = Distribué
reports-col-site = Site
reports-col-asked-for = Demandé
reports-col-wanted = Voulu
reports-col-delivered = Livré
reports-col-transit = En route
reports-col-unmet = Manque
reports-col-covered = Couvert
reports-col-source = Provenance
reports-col-reason = Raison
reports-kind = { $kind ->
    [warehouse] entrepôts
    [site] sites
    [van] camionnettes
   *[other] { $kind }
}
reports-percent = { $n } %
reports-region-hidden = Cette région n’est pas montrée seule ; voici tous les sites ensemble.
reports-other-regions = Autres régions
reports-scope-other-regions = Distributions dans les autres régions réunies ; récupération et stock pour tout le collectif.
reports-scope-region = Distributions à { $region } ; récupération et stock pour tout le collectif.
reports-scope-all = Tous les sites ensemble.
reports-scope-period = Du { $from } au { $to }.
reports-by-month = Par mois
reports-by-kind = Distribué par type de biens
reports-by-region = Par région
reports-region-rule = Une région n’est montrée seule que si elle compte au moins deux sites.
reports-stated-needs = Besoins déclarés par les sites
reports-coverage = Les sites demandent { $wanted } articles à ce jour ; { $delivered } leur sont parvenus depuis leur demande ({ $percent } couverts), il en faut encore { $unmet }.
reports-held-now = En stock aujourd’hui
reports-public-view = La vue publique
# Before the CSV files' links.
reports-json = résumé JSON
reports-csv-lead = fichiers CSV :
reports-csv-stock = stock
reports-csv-ledger = registre
reports-csv-handouts = distributions
reports-csv-needs = besoins
reports-by-site = Distribué par site
reports-by-site-and-kind = Distribué par site et type de biens
reports-unmet = Demandé mais indisponible
reports-coverage-by-site = Couverture des besoins par site
reports-coverage-intro = Les besoins en vigueur aujourd’hui, quelle que soit la période : ce que chaque site voulait, ce qui lui est parvenu depuis, ce qui est en route et ce qui manque encore.
reports-no-needs = Aucun site n’a encore déclaré de besoin.
reports-all-sites = Tous les sites
reports-by-source = Récupéré par festival ou donateur
reports-by-reason = Mis au rebut, par raison
